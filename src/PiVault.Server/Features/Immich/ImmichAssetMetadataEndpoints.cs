using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>Immich's <c>/api/assets/{id}/metadata</c> and the bulk <c>/api/assets/metadata</c>: assets' key/value metadata (<see cref="ImmichAssetMetadataService"/>).</summary>
public static class ImmichAssetMetadataEndpoints
{
    public static RouteGroupBuilder MapImmichAssetMetadata(this RouteGroupBuilder api)
    {
        api.MapPut("/assets/metadata", (ImmichAssetMetadataBulkUpsertDto request, HttpContext http, ImmichAssetMetadataService service) =>
            TypedResults.Ok(service.UpsertBulk(http.GetCaller(), request.Items ?? throw ApiException.BadRequest("items is required."))
                .ConvertAll(ImmichAssetMetadataBulkResponseDto.Of))).RequirePermission(Permission.AssetUpdate);
        api.MapDelete("/assets/metadata", (ImmichAssetMetadataBulkDeleteDto request, HttpContext http, ImmichAssetMetadataService service) =>
        {
            service.DeleteBulk(http.GetCaller(), request.Items ?? throw ApiException.BadRequest("items is required."));
            return TypedResults.NoContent();
        }).RequirePermission(Permission.AssetUpdate);
        var metadata = api.MapGroup("/assets/{id}/metadata");
        metadata.MapGet("/", (string id, HttpContext http, ImmichAssetMetadataService service) =>
            TypedResults.Ok(service.List(http.GetCaller(), id).ConvertAll(ImmichAssetMetadataResponseDto.Of))).RequirePermission(Permission.AssetRead);
        metadata.MapPut("/", (string id, ImmichAssetMetadataUpsertDto request, HttpContext http, ImmichAssetMetadataService service) =>
            TypedResults.Ok(service.Upsert(http.GetCaller(), id, request.Items ?? throw ApiException.BadRequest("items is required."))
                .ConvertAll(ImmichAssetMetadataResponseDto.Of))).RequirePermission(Permission.AssetUpdate);
        metadata.MapGet("/{key}", (string id, string key, HttpContext http, ImmichAssetMetadataService service) =>
            TypedResults.Ok(ImmichAssetMetadataResponseDto.Of(service.Get(http.GetCaller(), id, key)))).RequirePermission(Permission.AssetRead);
        metadata.MapDelete("/{key}", (string id, string key, HttpContext http, ImmichAssetMetadataService service) =>
        {
            service.Delete(http.GetCaller(), id, key);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.AssetUpdate);
        return api;
    }
}
