using System.Globalization;
using PiVault.Server.Features.ApiKeys;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Login;
using PiVault.Server.Features.Users;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Immich;

/// <summary>PiVault's records in Immich's shapes. Checksums go out as base64 SHA-1 and types upper-case, as Immich sends them.</summary>
public static class ImmichMapper
{
    /// <summary>Immich's UserAvatarColor values.</summary>
    public static readonly string[] AvatarColors = ["primary", "pink", "red", "yellow", "blue", "green", "purple", "orange", "gray", "amber"];

    /// <summary><paramref name="avatarColor"/>: the colour the user chose (preferences), or null for the one derived from the id.</summary>
    public static ImmichUserAdminDto UserAdmin(UserRecord user, long usageBytes, string? avatarColor) => new(
        avatarColor ?? AvatarColor(user.Id), "", user.CreatedAt, null, user.Email, user.Id, user.IsAdmin, null, user.Name, "", user.CreatedAt, "",
        null, usageBytes, false, user.DisabledAt is null ? "active" : "deleted", null, user.UpdatedAt);

    public static ImmichLoginResponse Login(string token, UserDto user) =>
        new(token, user.IsAdmin, true, user.Name, "", false, user.Email, user.Id);

    public static ImmichApiKeyDto ApiKey(ApiKeyDto key) => new(key.CreatedAt, key.Id, key.Name, key.Permissions, key.UpdatedAt);

    public static ImmichApiKeyCreatedDto ApiKeyCreated(ApiKeyCreatedDto created)
    {
        var key = ApiKey(created.ApiKey);
        return new(key, key.CreatedAt, key.Id, key.Name, key.Permissions, created.Secret, key.UpdatedAt);
    }

    public static SyncAuthUserV1 AuthUser(UserRecord user, long usageBytes, string? avatarColor) => new(
        avatarColor ?? AvatarColor(user.Id), null, user.Email, false, user.Id, user.IsAdmin, user.Name, "", null, user.CreatedAt, null, usageBytes, null);

    public static SyncUserV1 User(UserRecord user, string? avatarColor) => new(avatarColor ?? AvatarColor(user.Id), null, user.Email, false, user.Id, user.Name, user.CreatedAt);

    /// <param name="coldOffline">The cold drive is not attached: an original on it is reported <c>isOffline</c>, as is a folder library's file that is gone.</param>
    public static ImmichAssetDto Asset(AssetChange change, bool coldOffline)
    {
        var a = change.Asset;
        return new(
            Convert.ToBase64String(a.Checksum), a.CreatedAt, null, a.DurationMs, a.FileCreatedAt, a.FileModifiedAt, a.MetadataAt is not null,
            a.Height, a.Id, a.Visibility == AssetVisibility.Archive, false, a.IsFavorite, a.IsOffline || (coldOffline && a.Tier == OriginalTier.Cold), a.DeletedAt is not null, null, a.LivePhotoVideoId, LocalDateTime(change), a.OriginalFileName,
            a.MimeType, a.OriginalPath, a.OwnerId, a.ThumbHash, Type(a.Type), a.UpdatedAt, a.Visibility.ToDb(), a.Width);
    }

    public static SyncAssetV1 SyncAssetV1(AssetChange change)
    {
        var a = change.Asset;
        return new(
            Convert.ToBase64String(a.Checksum), a.CreatedAt, a.DeletedAt, DurationText(a.DurationMs), a.FileCreatedAt, a.FileModifiedAt,
            a.Height, a.Id, false, a.IsFavorite, null, a.LivePhotoVideoId, LocalDateTime(change), a.OriginalFileName, a.OwnerId, a.StackId, a.ThumbHash,
            Type(a.Type), a.Visibility.ToDb(), a.Width);
    }

    public static SyncAssetV2 SyncAssetV2(AssetChange change)
    {
        var a = change.Asset;
        return new(
            Convert.ToBase64String(a.Checksum), a.CreatedAt, a.DeletedAt, a.DurationMs, a.FileCreatedAt, a.FileModifiedAt,
            a.Height, a.Id, false, a.IsFavorite, null, a.LivePhotoVideoId, LocalDateTime(change), a.OriginalFileName, a.OwnerId, a.StackId, a.ThumbHash,
            Type(a.Type), a.Visibility.ToDb(), a.Width);
    }

    public static SyncAssetExifV1 Exif(AssetMetadataRow m) => new(
        m.AssetId, m.City, m.Country, m.TakenAt.ToString("O", CultureInfo.InvariantCulture), m.Description, m.Height, m.Width,
        m.ExposureSeconds is { } seconds ? ExposureText(seconds) : null, m.FNumber, m.FileSize, m.FocalLengthMm, null, m.Iso, m.Latitude,
        m.LensModel, m.Longitude, m.Make, m.Model, m.FileModifiedAt, m.Orientation?.ToString(CultureInfo.InvariantCulture), null, null,
        m.Rating, m.Region, m.UtcOffsetMinutes is { } offset ? OffsetText(offset) : null);

    /// <summary>The EXIF line of an asset the metadata step has not read: every field unknown.</summary>
    public static SyncAssetExifV1 NoExif(string assetId) => new(
        assetId, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null);

    public static string Type(AssetType type) => type switch
    {
        AssetType.Image => "IMAGE",
        AssetType.Video => "VIDEO",
        _ => "OTHER",
    };

    /// <summary>Immich's "local date time": the wall-clock time where it was taken, written as if it were UTC.</summary>
    public static string LocalDateTime(AssetChange change) => LocalDateTime(change.LocalTakenAt);

    public static string LocalDateTime(DateTimeOffset wallClockAsUtc) =>
        wallClockAsUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>AssetV1's duration: "H:MM:SS.ffffff".</summary>
    public static string? DurationText(long? milliseconds) => milliseconds is { } ms
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 3_600_000}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}.{ms % 1000 * 1000:000000}")
        : null;

    private static string ExposureText(double seconds) => seconds >= 1 || seconds <= 0
        ? seconds.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"1/{Math.Round(1 / seconds)}");

    private static string OffsetText(int minutes) =>
        string.Create(CultureInfo.InvariantCulture, $"UTC{(minutes < 0 ? "-" : "+")}{Math.Abs(minutes) / 60}{(Math.Abs(minutes) % 60 is var m and > 0 ? $":{m:00}" : "")}");

    public static string AvatarColor(string userId) => AvatarColors[(uint)StableHash(userId) % AvatarColors.Length];

    private static int StableHash(string value)
    {
        var hash = 17;
        foreach (var c in value)
        {
            hash = unchecked(hash * 31 + c);
        }
        return hash;
    }
}
