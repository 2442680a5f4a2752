using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Timeline;

namespace PiVault.Server.Features.SmartSearch;

/// <summary>
/// POST /api/v1/search: a text <paramref name="Query"/> (or <paramref name="QueryAssetId"/>: more like that photo) and
/// optional filters; type is "image" or "video"; <paramref name="Ocr"/>: the text in the photo contains this.
/// </summary>
public sealed record SmartSearchRequest(
    string? Query, string? QueryAssetId, DateTimeOffset? TakenAfter, DateTimeOffset? TakenBefore, string? City, string? Country,
    string? Make, string? Model, string? Type, string? AlbumId, bool? IsFavorite, int? Page, int? Size, string? Ocr = null, string[]? PersonIds = null, string[]? TagIds = null)
{
    public AssetSearchFilters Filters() => new()
    {
        TakenAfter = TakenAfter, TakenBefore = TakenBefore, City = City, Country = Country, Make = Make, Model = Model, Type = Type,
        AlbumIds = AlbumId is { } album ? [album] : null, IsFavorite = IsFavorite, Ocr = Ocr, PersonIds = PersonIds, TagIds = TagIds,
    };
}

/// <summary>
/// One page of ranked photos, best first; <paramref name="NextPage"/> is null on the last page. Each item carries its
/// local wall-clock time (<c>localDateTime</c>, as the timeline's tiles do), so results show the photo's own time.
/// </summary>
public sealed record SmartSearchPageDto(List<AssetDto> Items, int Page, int Size, int? NextPage)
{
    public static SmartSearchPageDto Of(List<AssetChange> items, int page, int size, int? next, bool coldOffline) => new(
        items.ConvertAll(a => AssetDto.From(a.Asset, coldOffline) with { LocalDateTime = TimelineStore.LocalDateTime(a.LocalTakenAt) }), page, size, next);
}
