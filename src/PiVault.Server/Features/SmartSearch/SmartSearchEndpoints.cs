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
    /// reason while smart search is off (no CLIP model, no sqlite-vec). The text-in-photo search is the OCR feature's
    /// (<c>OcrEndpoints</c>).
    /// </summary>
    public static RouteGroupBuilder MapSmartSearch(this RouteGroupBuilder api)
    {
        api.MapPost("/search", (SmartSearchRequest request, HttpContext http, SmartSearchService search, AlbumService albums, OriginalLocator originals) =>
        {
            var caller = http.GetCaller();
            albums.RequireVisible(caller, request.AlbumId is { } album ? [album] : []);
            var (items, next) = search.Search(caller, request.Query, request.QueryAssetId, request.Filters().ToQuery(), request.Page, request.Size);
            return TypedResults.Ok(SmartSearchPageDto.Of(items, request.Page ?? 1, request.Size ?? SmartSearchService.DefaultPageSize, next, originals.ColdOffline));
        }).RequirePermission(Permission.AssetRead);
        return api;
    }
}
