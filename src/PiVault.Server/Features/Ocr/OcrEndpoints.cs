using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.SmartSearch;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Ocr;

/// <summary>
/// The lines of text found in a photo: <c>GET /api/v1/assets/{id}/ocr</c> and Immich's <c>GET /api/assets/{id}/ocr</c>,
/// the same list in the same shape, for anyone who may view the asset (its owner, members of an album holding it).
/// <c>POST /api/v1/search/text</c>: the caller's own photos whose recognised text contains the query (the asset search's
/// ocr filter), newest first, with the smart search's body and filters; works without CLIP.
/// </summary>
public static class OcrEndpoints
{
    public static RouteGroupBuilder MapOcr(this RouteGroupBuilder api)
    {
        api.MapGet("/assets/{id}/ocr", Lines).RequirePermission(Permission.AssetRead);
        api.MapPost("/search/text", TextSearch).RequirePermission(Permission.AssetRead);
        return api;
    }

    /// <summary>Immich's route: the same handler on the Immich group, so bad ids and unknown assets answer in Immich's error shape.</summary>
    public static RouteGroupBuilder MapImmichOcr(this RouteGroupBuilder api)
    {
        api.MapGet("/assets/{id}/ocr", Lines).RequirePermission(Permission.AssetRead);
        return api;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<SmartSearchPageDto> TextSearch(
        SmartSearchRequest request, HttpContext http, AssetService assets, AlbumService albums, OriginalLocator originals)
    {
        var caller = http.GetCaller();
        // Without text, a person or a tag is enough: their photos, newest first (the web app's person page and filters).
        var text = string.IsNullOrWhiteSpace(request.Query) ? null : request.Query.Trim();
        if (text is null && request.PersonIds is not { Length: > 0 } && request.TagIds is not { Length: > 0 })
        {
            throw ApiException.BadRequest("Give a query: the text to find in photos.");
        }
        albums.RequireVisible(caller, request.AlbumId is { } album ? [album] : []);
        var (items, _, next) = assets.Search(caller, request.Filters().ToQuery() with { Ocr = text }, request.Page, request.Size);
        return TypedResults.Ok(SmartSearchPageDto.Of(items, request.Page ?? 1, request.Size ?? AssetService.DefaultSearchPageSize, next, originals.ColdOffline));
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<List<AssetOcrDto>> Lines(string id, HttpContext http, OcrService service) =>
        TypedResults.Ok(service.Lines(http.GetCaller(), id));
}
