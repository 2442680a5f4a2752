using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Ocr;

/// <summary>
/// The lines of text found in a photo: <c>GET /api/v1/assets/{id}/ocr</c> and Immich's <c>GET /api/assets/{id}/ocr</c>,
/// the same list in the same shape, for anyone who may view the asset (its owner, members of an album holding it).
/// </summary>
public static class OcrEndpoints
{
    public static RouteGroupBuilder MapOcr(this RouteGroupBuilder api)
    {
        api.MapGet("/assets/{id}/ocr", Lines).RequirePermission(Permission.AssetRead);
        return api;
    }

    /// <summary>Immich's route: the same handler on the Immich group, so bad ids and unknown assets answer in Immich's error shape.</summary>
    public static RouteGroupBuilder MapImmichOcr(this RouteGroupBuilder api) => api.MapOcr();

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<List<AssetOcrDto>> Lines(string id, HttpContext http, OcrService service) =>
        TypedResults.Ok(service.Lines(http.GetCaller(), id));
}
