using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.SmartSearch;

/// <summary>
/// POST /api/v1/search: a text <paramref name="Query"/> (or <paramref name="QueryAssetId"/>: more like that photo) and
/// optional filters; type is "image" or "video"; <paramref name="Ocr"/>: the text in the photo contains this.
/// </summary>
public sealed record SmartSearchRequest(
    string? Query, string? QueryAssetId, DateTimeOffset? TakenAfter, DateTimeOffset? TakenBefore, string? City, string? Country,
    string? Make, string? Model, string? Type, string? AlbumId, bool? IsFavorite, int? Page, int? Size, string? Ocr = null, string[]? PersonIds = null);

/// <summary>One page of ranked photos, best first; <paramref name="NextPage"/> is null on the last page.</summary>
public sealed record SmartSearchPageDto(List<AssetDto> Items, int Page, int Size, int? NextPage);
