using PiVault.Server.Configuration;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Map;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Login;
using PiVault.Server.Features.Ml;
using PiVault.Server.Features.Users;

namespace PiVault.Server.Features.Immich;

public static class ImmichServerEndpoints
{
    /// <summary>
    /// The ML flags follow the installed models (<see cref="MlFeatures"/>); duplicate detection is on without any model,
    /// since a perceptual hash finds duplicates on its own.
    /// </summary>
    private static ImmichFeaturesDto Features(MlFeatures ml)
    {
        var on = ml.All().Where(f => f.On).Select(f => f.Feature).ToHashSet(StringComparer.Ordinal);
        return new(ConfigFile: false, DuplicateDetection: true, Email: false, FacialRecognition: on.Contains(MlFeatures.FaceDetection), ImportFaces: false,
            Map: true, Oauth: false, OauthAutoLaunch: false, Ocr: on.Contains(MlFeatures.Ocr), PasswordLogin: true, RealtimeTranscoding: false,
            ReverseGeocoding: true, Search: true, Sidecar: false, SmartSearch: on.Contains(MlFeatures.SmartSearch), Trash: true);
    }

    private static readonly ImmichMediaTypesDto MediaTypesDto = new(
        [.. MediaTypes.Images.Keys.Order(StringComparer.Ordinal)], [".xmp"], [.. MediaTypes.Videos.Keys.Order(StringComparer.Ordinal)]);

    /// <summary>Ping, version, features, config and media types are public: the app reads them before anyone logs in.</summary>
    public static RouteGroupBuilder MapImmichServer(this RouteGroupBuilder api)
    {
        var server = api.MapGroup("/server");
        server.MapGet("/ping", () => TypedResults.Ok(new ImmichPingDto("pong")));
        server.MapGet("/version", () => TypedResults.Ok(ImmichEndpoints.Version));
        server.MapGet("/version-history", () => TypedResults.Ok(Array.Empty<string>()));
        server.MapGet("/features", (MlFeatures ml) => TypedResults.Ok(Features(ml)));
        server.MapGet("/media-types", () => TypedResults.Ok(MediaTypesDto));
        server.MapGet("/config", (AuthService auth, PiVaultOptions options, MapService map) =>
        {
            var styles = map.Styles(); // the app and web fetch the tiles themselves; the appliance needs none
            return TypedResults.Ok(new ImmichConfigDto("", !auth.SetupRequired(), true, "", false, styles.Dark, styles.Light, 3, "Login with OAuth", true,
                options.TrashDays, 7));
        });
        server.MapGet("/about", () => TypedResults.Ok(new ImmichAboutDto(
            false, $"v{ImmichEndpoints.Version.Major}.{ImmichEndpoints.Version.Minor}.{ImmichEndpoints.Version.Patch}", "", "PiVault", "")))
            .RequirePermission(Permission.ServerAbout);
        server.MapGet("/storage", (PiVaultOptions options) => TypedResults.Ok(Storage(options.LibraryDir)))
            .RequirePermission(Permission.ServerAbout);
        server.MapGet("/statistics", Statistics).RequirePermission(Permission.AdminUserRead);
        return api;
    }

    private static ImmichStorageDto Storage(string libraryDir)
    {
        Directory.CreateDirectory(libraryDir);
        var drive = new DriveInfo(Path.GetFullPath(libraryDir));
        var used = drive.TotalSize - drive.AvailableFreeSpace;
        var percent = drive.TotalSize == 0 ? 0 : Math.Round(used * 100.0 / drive.TotalSize, 2);
        return new(Human(drive.AvailableFreeSpace), drive.AvailableFreeSpace, Human(drive.TotalSize), drive.TotalSize, percent, Human(used), used);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<ImmichServerStatsDto> Statistics(UserService users, AssetService assets)
    {
        var usage = users.Records().ConvertAll(u =>
        {
            var stats = assets.Usage(u.Id);
            return new ImmichUsageByUserDto(stats.Images, null, stats.Bytes, stats.ImageBytes, stats.Bytes - stats.ImageBytes, u.Id, u.Name, stats.Videos);
        });
        return TypedResults.Ok(new ImmichServerStatsDto(
            usage.Sum(u => u.Photos), usage.Sum(u => u.Usage), usage, usage.Sum(u => u.UsagePhotos), usage.Sum(u => u.UsageVideos), usage.Sum(u => u.Videos)));
    }

    private static string Human(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }
}
