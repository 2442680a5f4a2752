namespace PiVault.Server.Features.Immich;

public sealed record ImmichCreateAlbumRequest(string? AlbumName, string? Description, List<string>? AssetIds);

public sealed record ImmichBulkIdsRequest(List<string>? Ids);

/// <summary><c>UpdateAlbumDto</c>: <c>isActivityEnabled</c> and <c>order</c> are accepted (PiVault has no activity feed; order is the viewer's).</summary>
public sealed record ImmichUpdateAlbumRequest(string? AlbumName, string? AlbumThumbnailAssetId, string? Description, bool? IsActivityEnabled, string? Order);

public sealed record ImmichAlbumUserAddRequest(string? UserId, string? Role);

public sealed record ImmichAddUsersRequest(List<ImmichAlbumUserAddRequest>? AlbumUsers);

/// <summary><c>error</c> is <c>duplicate</c>, <c>no_permission</c> or <c>not_found</c> when <c>success</c> is false.</summary>
public sealed record ImmichBulkIdResponseDto(
    string Id, bool Success,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error);

public sealed record ImmichUserDto(string AvatarColor, string Email, string Id, string Name, DateTimeOffset ProfileChangedAt, string ProfileImagePath);

public sealed record ImmichAlbumUserDto(string Role, ImmichUserDto User);

/// <summary>Immich's AlbumResponseDto: the owner first in <c>albumUsers</c>, then the other members; no dates while empty.</summary>
public sealed record ImmichAlbumDto(
    string AlbumName, string? AlbumThumbnailAssetId, List<ImmichAlbumUserDto> AlbumUsers, int AssetCount, DateTimeOffset CreatedAt,
    string Description,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndDate,
    bool HasSharedLink, string Id, bool IsActivityEnabled, string Order, bool Shared,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? StartDate,
    DateTimeOffset UpdatedAt);

public sealed record SyncAlbumV1(
    DateTimeOffset CreatedAt, string Description, string Id, bool IsActivityEnabled, string Name, string Order, string OwnerId,
    string? ThumbnailAssetId, DateTimeOffset UpdatedAt);

public sealed record SyncAlbumV2(
    DateTimeOffset CreatedAt, string Description, string Id, bool IsActivityEnabled, string Name, string Order, string? ThumbnailAssetId,
    DateTimeOffset UpdatedAt);

public sealed record SyncAlbumDeleteV1(string AlbumId);

public sealed record SyncAlbumToAssetV1(string AlbumId, string AssetId);

public sealed record SyncAlbumToAssetDeleteV1(string AlbumId, string AssetId);

/// <summary>An album's owner or member; <paramref name="Role"/> is <c>owner</c>, <c>editor</c> or <c>viewer</c>.</summary>
public sealed record SyncAlbumUserV1(string AlbumId, string Role, string UserId);

public sealed record SyncAlbumUserDeleteV1(string AlbumId, string UserId);
