namespace PiVault.Server.Features.Immich;

public sealed record SyncStreamRequest(string[]? Types, bool? Reset);

public sealed record SyncAckSetRequest(string[]? Acks);

public sealed record SyncAckDeleteRequest(string[]? Types);

public sealed record SyncAckDto(string Ack, string Type);

public sealed record SyncAuthUserV1(
    string? AvatarColor, DateTimeOffset? DeletedAt, string Email, bool HasProfileImage, string Id, bool IsAdmin, string Name, string OauthId,
    string? PinCode, DateTimeOffset ProfileChangedAt, long? QuotaSizeInBytes, long QuotaUsageInBytes, string? StorageLabel);

public sealed record SyncUserV1(string? AvatarColor, DateTimeOffset? DeletedAt, string Email, bool HasProfileImage, string Id, string Name, DateTimeOffset ProfileChangedAt);

/// <summary>AssetV1 (duration as "H:MM:SS.ffffff") and AssetV2 (duration in milliseconds) share every other field.</summary>
public sealed record SyncAssetV1(
    string Checksum, DateTimeOffset? CreatedAt, DateTimeOffset? DeletedAt, string? Duration, DateTimeOffset? FileCreatedAt,
    DateTimeOffset? FileModifiedAt, int? Height, string Id, bool IsEdited, bool IsFavorite, string? LibraryId, string? LivePhotoVideoId,
    string? LocalDateTime, string OriginalFileName, string OwnerId, string? StackId, string? Thumbhash, string Type, string Visibility, int? Width);

public sealed record SyncAssetV2(
    string Checksum, DateTimeOffset? CreatedAt, DateTimeOffset? DeletedAt, long? Duration, DateTimeOffset? FileCreatedAt,
    DateTimeOffset? FileModifiedAt, int? Height, string Id, bool IsEdited, bool IsFavorite, string? LibraryId, string? LivePhotoVideoId,
    string? LocalDateTime, string OriginalFileName, string OwnerId, string? StackId, string? Thumbhash, string Type, string Visibility, int? Width);

public sealed record SyncAssetDeleteV1(string AssetId);

public sealed record SyncAssetExifV1(
    string AssetId, string? City, string? Country, string? DateTimeOriginal, string? Description, int? ExifImageHeight, int? ExifImageWidth,
    string? ExposureTime, double? FNumber, long? FileSizeInByte, double? FocalLength, double? Fps, long? Iso, double? Latitude,
    string? LensModel, double? Longitude, string? Make, string? Model, DateTimeOffset? ModifyDate, string? Orientation,
    string? ProfileDescription, string? ProjectionType, int? Rating, string? State, string? TimeZone);

public sealed record SyncCompleteV1;

/// <summary>The websocket's <c>AssetUploadReadyV1</c> event: the asset and its EXIF as the sync stream's lines carry them.</summary>
public sealed record ImmichAssetUploadReadyV1(SyncAssetV1 Asset, SyncAssetExifV1 Exif);

/// <summary>A partner share the user gives or receives (<c>PartnersV1</c>).</summary>
public sealed record SyncPartnerV1(bool InTimeline, string SharedById, string SharedWithId);

public sealed record SyncPartnerDeleteV1(string SharedById, string SharedWithId);
