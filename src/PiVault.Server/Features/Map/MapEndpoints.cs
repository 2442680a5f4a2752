using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Map;

public sealed record MapStylesDto(string LightStyleUrl, string DarkStyleUrl);

public sealed record UpdateMapStylesRequest(string? LightStyleUrl, string? DarkStyleUrl);

/// <summary>PiVault's map API (<c>/api/v1/map</c>) over <see cref="MapService"/>.</summary>
public static class MapEndpoints
{
    public static RouteGroupBuilder MapMap(this RouteGroupBuilder api)
    {
        var map = api.MapGroup("/map");
        map.MapGet("/markers", (bool? withSharedAlbums, bool? withPartners, bool? isFavorite, bool? isArchived, HttpContext http, MapService service) =>
            TypedResults.Ok(service.Markers(http.GetCaller(), new MapQuery(isArchived, isFavorite, WithSharedAlbums: withSharedAlbums != false, WithPartners: withPartners != false))))
            .RequirePermission(Permission.MapRead);
        map.MapGet("/styles", (MapService service) => TypedResults.Ok(Dto(service.Styles()))).RequirePermission(Permission.MapRead);
        map.MapPut("/styles", (UpdateMapStylesRequest r, MapService service) => TypedResults.Ok(Dto(service.SetStyles(r.LightStyleUrl, r.DarkStyleUrl))))
            .RequirePermission(Permission.SystemConfigUpdate);
        return api;
    }

    private static MapStylesDto Dto(MapStyles s) => new(s.Light, s.Dark);
}
