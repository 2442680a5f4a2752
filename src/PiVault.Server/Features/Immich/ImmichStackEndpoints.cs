using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Map;
using PiVault.Server.Features.Stacks;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Immich;

/// <summary>Immich's stacks and map APIs (<c>/api/stacks</c>, <c>/api/map</c>) over <see cref="StackService"/> and <see cref="MapService"/>.</summary>
public static class ImmichStackEndpoints
{
    public static RouteGroupBuilder MapImmichStacksAndMap(this RouteGroupBuilder api)
    {
        var stacks = api.MapGroup("/stacks");
        stacks.MapGet("/", (string? primaryAssetId, HttpContext http, StackService service, AssetService assets, OriginalLocator originals) =>
            TypedResults.Ok(service.Search(http.GetCaller(), primaryAssetId).ConvertAll(s => Stack(s, http.GetCaller(), assets, originals.ColdOffline))))
            .RequirePermission(Permission.StackRead);
        stacks.MapPost("/", (ImmichStackCreateRequest r, HttpContext http, StackService service, AssetService assets, OriginalLocator originals) =>
            TypedResults.Created((string?)null, Stack(service.Create(http.GetCaller(), r.AssetIds ?? []), http.GetCaller(), assets, originals.ColdOffline)))
            .RequirePermission(Permission.StackCreate);
        stacks.MapDelete("/", (ImmichBulkIdsRequest r, HttpContext http, StackService service) =>
        {
            service.DeleteMany(http.GetCaller(), r.Ids ?? []);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.StackDelete);
        stacks.MapGet("/{id}", (string id, HttpContext http, StackService service, AssetService assets, OriginalLocator originals) =>
            TypedResults.Ok(Stack(service.Get(http.GetCaller(), id), http.GetCaller(), assets, originals.ColdOffline))).RequirePermission(Permission.StackRead);
        stacks.MapPut("/{id}", (string id, ImmichStackUpdateRequest r, HttpContext http, StackService service, AssetService assets, OriginalLocator originals) =>
            TypedResults.Ok(Stack(service.SetPrimary(http.GetCaller(), id, r.PrimaryAssetId), http.GetCaller(), assets, originals.ColdOffline)))
            .RequirePermission(Permission.StackUpdate);
        stacks.MapDelete("/{id}", (string id, HttpContext http, StackService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.StackDelete);
        stacks.MapDelete("/{id}/assets/{assetId}", (string id, string assetId, HttpContext http, StackService service) =>
        {
            service.RemoveAsset(http.GetCaller(), id, assetId);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.StackUpdate);

        var map = api.MapGroup("/map");
        map.MapGet("/markers", (bool? isArchived, bool? isFavorite, DateTimeOffset? fileCreatedAfter, DateTimeOffset? fileCreatedBefore, bool? withSharedAlbums,
            bool? withPartners, HttpContext http, MapService service) =>
            TypedResults.Ok(service.Markers(http.GetCaller(), new MapQuery(isArchived, isFavorite, fileCreatedAfter, fileCreatedBefore, withSharedAlbums == true, withPartners == true))
                .ConvertAll(m => new ImmichMapMarkerDto(m.City, m.Country, m.Id, m.Lat, m.Lon, m.State)))).RequirePermission(Permission.MapRead);
        map.MapGet("/reverse-geocode", (double? lat, double? lon, MapService service) =>
            TypedResults.Ok(service.ReverseGeocode(lat ?? throw ApiException.BadRequest("lat is required."), lon ?? throw ApiException.BadRequest("lon is required."))
                .ConvertAll(p => new ImmichReverseGeocodeDto(p.Name, p.CountryName ?? p.CountryCode, p.AdminCode)))).RequirePermission(Permission.MapRead);
        return api;
    }

    /// <summary>The <c>stack</c> of an asset response: its count and cover, for the asset's owner (others see none).</summary>
    public static ImmichAssetStackDto? StackOf(AssetChange change, Caller caller, StackService stacks) =>
        change.Asset.StackId is { } id && change.Asset.OwnerId == caller.UserId && stacks.Get(caller, id) is var s
            ? new ImmichAssetStackDto(s.AssetIds.Count, s.Stack.Id, s.Stack.PrimaryAssetId)
            : null;

    private static ImmichStackDto Stack(StackView view, Caller caller, AssetService assets, bool coldOffline) =>
        new(view.AssetIds.ConvertAll(a => ImmichMapper.Asset(assets.GetChange(caller, a), coldOffline)), view.Stack.Id, view.Stack.PrimaryAssetId);
}
