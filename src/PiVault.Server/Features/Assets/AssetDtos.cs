using System.Text.Json.Serialization;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Assets;

public sealed record AssetDto(
    string Id,
    string OwnerId,
    [property: JsonConverter(typeof(AssetTypeJsonConverter))] AssetType Type,
    string OriginalFileName,
    string MimeType,
    long FileSize,
    string Checksum,
    DateTimeOffset FileCreatedAt,
    DateTimeOffset FileModifiedAt,
    DateTimeOffset TakenAt,
    bool IsFavorite,
    bool IsTrashed,
    DateTimeOffset? DeletedAt,
    string? DeviceAssetId,
    string? DeviceId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int? Width,
    int? Height,
    double? DurationSeconds,
    string? ThumbHash,
    bool HasThumbnail,
    bool Offline,
    string? LocalDateTime = null,
    string? LivePhotoVideoId = null)
{
    /// <summary>Checksums go out as base64 SHA-1, as Immich sends them. <see cref="LocalDateTime"/> (the wall clock where it was taken, as the timeline's) only in search results.</summary>
    /// <param name="coldOffline">The cold drive is not attached: an original on it is <see cref="Offline"/> (thumbnails still work).</param>
    public static AssetDto From(AssetRecord a, bool coldOffline) => new(
        a.Id, a.OwnerId, a.Type, a.OriginalFileName, a.MimeType, a.FileSize, Convert.ToBase64String(a.Checksum),
        a.FileCreatedAt, a.FileModifiedAt, a.TakenAt, a.IsFavorite, a.DeletedAt is not null, a.DeletedAt,
        a.DeviceAssetId, a.DeviceId, a.CreatedAt, a.UpdatedAt, a.Width, a.Height, a.DurationMs / 1000.0, a.ThumbHash,
        a.ThumbnailsAt is not null, coldOffline && a.Tier == OriginalTier.Cold, LivePhotoVideoId: a.LivePhotoVideoId);
}

public static class UploadStatus
{
    public const string Created = "created";
    public const string Duplicate = "duplicate";
}

/// <summary>201 with <c>created</c>, or 200 with <c>duplicate</c> and the id of the asset already holding these bytes.</summary>
public sealed record UploadResultDto(string Id, string Status);

public sealed record AssetPageDto(List<AssetDto> Items, long Total, int Page, int Size, int? NextPage);

public sealed record TrashResultDto(int Count);

/// <summary>Asset types go out as <c>image</c>, <c>video</c>, <c>other</c>.</summary>
public sealed class AssetTypeJsonConverter() : JsonStringEnumConverter<AssetType>(System.Text.Json.JsonNamingPolicy.CamelCase);
