using PiVault.Server.Features.Timeline;

namespace PiVault.Server.Features.SharedLinks;

/// <summary>
/// A public link. <c>type</c> is <c>album</c> (with <c>albumId</c>) or <c>individual</c> (with <c>assetIds</c>);
/// <c>expiresAt</c> and <c>password</c> are optional. The page is at <c>/s/&lt;key&gt;</c>.
/// </summary>
public sealed record CreateSharedLinkRequest(
    string? Type, string? AlbumId, List<string>? AssetIds, string? Description, DateTimeOffset? ExpiresAt, string? Password, bool? AllowDownload);

public sealed record SharedLinkDto(
    string Id,
    string Key,
    string Url,
    string Type,
    string? AlbumId,
    string? AlbumName,
    string Description,
    bool HasPassword,
    bool AllowDownload,
    DateTimeOffset? ExpiresAt,
    bool IsExpired,
    int AssetCount,
    DateTimeOffset CreatedAt);

/// <summary>What a visitor without an account sees: the title and exactly the link's assets.</summary>
public sealed record SharedViewDto(
    string Type,
    string Title,
    string Description,
    string OwnerName,
    bool AllowDownload,
    DateTimeOffset? ExpiresAt,
    List<TimelineAssetDto> Assets);

public sealed record UnlockSharedLinkRequest(string? Password);
