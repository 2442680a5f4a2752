namespace PiVault.Server.Features.Albums;

public sealed record AlbumDto(
    string Id,
    string OwnerId,
    string OwnerName,
    string Name,
    string Description,
    string? CoverAssetId,
    int AssetCount,
    DateTimeOffset? StartAt,
    DateTimeOffset? EndAt,
    bool IsOwner,
    string Role,
    List<AlbumMemberDto> Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary><c>role</c> is <c>viewer</c> (sees the album) or <c>editor</c> (may also add and remove their own photos).</summary>
public sealed record AlbumMemberDto(string UserId, string Name, string Email, string Role);

public sealed record CreateAlbumRequest(string? Name, string? Description, List<string>? AssetIds);

/// <summary>Absent fields stay as they are; <c>coverAssetId</c> must be in the album.</summary>
public sealed record UpdateAlbumRequest(string? Name, string? Description, string? CoverAssetId);

public sealed record AlbumAssetsRequest(List<string>? Ids);

public sealed record AlbumAssetsResultDto(int Changed, int AssetCount);

public sealed record ShareAlbumRequest(List<string>? UserIds, string? Role);

public enum AlbumAssetOutcome
{
    Changed,
    Duplicate,
    NotFound,
    NoPermission,
}

/// <summary>One asset id of an add or remove request and what happened to it.</summary>
public sealed record AlbumAssetResult(string AssetId, AlbumAssetOutcome Outcome);
