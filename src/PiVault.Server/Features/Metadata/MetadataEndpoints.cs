using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Metadata;

public static class MetadataEndpoints
{
    public static RouteGroupBuilder MapMetadata(this RouteGroupBuilder api)
    {
        api.MapGet("/assets/{id}/metadata", (string id, HttpContext http, MetadataService metadata) => TypedResults.Ok(metadata.ForAsset(http.GetCaller(), id)))
            .RequirePermission(Permission.AssetRead);
        return api;
    }
}
