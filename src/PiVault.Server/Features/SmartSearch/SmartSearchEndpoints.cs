using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.SmartSearch;

public static class SmartSearchEndpoints
{
    /// <summary>
    /// The caller's own photos ranked by a text query or another photo, filtered like the metadata search; 409 with the
    /// reason while smart search is off (no CLIP model, no sqlite-vec). <c>/search/text</c>: the same body, the photos whose
    /// recognised text contains the query (the metadata search's ocr filter), newest first; works without CLIP.
    /// </summary>
    public static RouteGroupBuilder MapSmartSearch(this RouteGroupBuilder api)
    {
        api.MapPost("/search", (SmartSearchRequest request, HttpContext http, SmartSearchService search, AlbumService albums, OriginalLocator originals) =>
        {
            var caller = http.GetCaller();
            albums.RequireVisible(caller, request.AlbumId is { } album ? [album] : []);
            var (items, next) = search.Search(caller, request.Query, request.QueryAssetId, Filters(request), request.Page, request.Size);
            var coldOffline = originals.ColdOffline;
            return TypedResults.Ok(new SmartSearchPageDto(items.ConvertAll(a => AssetDto.From(a.Asset, coldOffline)), request.Page ?? 1,
                request.Size ?? SmartSearchService.DefaultPageSize, next));
        }).RequirePermission(Permission.AssetRead);
        api.MapPost("/search/text", (SmartSearchRequest request, HttpContext http, AssetService assets, AlbumService albums, OriginalLocator originals) =>
        {
            var caller = http.GetCaller();
            if (string.IsNullOrWhiteSpace(request.Query))
            {
                throw ApiException.BadRequest("Give a query: the text to find in photos.");
            }
            albums.RequireVisible(caller, request.AlbumId is { } album ? [album] : []);
            var (items, _, next) = assets.Search(caller, Filters(request) with { Ocr = request.Query.Trim() }, request.Page, request.Size);
            var coldOffline = originals.ColdOffline;
            return TypedResults.Ok(new SmartSearchPageDto(items.ConvertAll(a => AssetDto.From(a.Asset, coldOffline)), request.Page ?? 1,
                request.Size ?? AssetService.DefaultSearchPageSize, next));
        }).RequirePermission(Permission.AssetRead);
        return api;
    }

    private static AssetQuery Filters(SmartSearchRequest r) => new()
    {
        TakenAfter = r.TakenAfter, TakenBefore = r.TakenBefore, City = r.City, Country = r.Country, Make = r.Make, Model = r.Model,
        IsFavorite = r.IsFavorite, AlbumIds = r.AlbumId is { } album ? [album] : null, Ocr = r.Ocr, PersonIds = r.PersonIds,
        Type = r.Type switch
        {
            null or "" => null,
            "image" => AssetType.Image,
            "video" => AssetType.Video,
            _ => throw ApiException.BadRequest("type must be image or video."),
        },
    };
}
