using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Albums;

public static class AlbumEndpoints
{
    public static RouteGroupBuilder MapAlbums(this RouteGroupBuilder api)
    {
        var albums = api.MapGroup("/albums");
        albums.MapPost("/", (CreateAlbumRequest request, HttpContext http, AlbumService service) =>
            {
                var album = service.Create(http.GetCaller(), request);
                return TypedResults.Created($"/api/v1/albums/{album.Id}", album);
            })
            .RequirePermission(Permission.AlbumCreate);
        albums.MapGet("/", (HttpContext http, AlbumService service) => TypedResults.Ok(service.List(http.GetCaller())))
            .RequirePermission(Permission.AlbumRead);
        albums.MapGet("/{id}", (string id, HttpContext http, AlbumService service) => TypedResults.Ok(service.Get(http.GetCaller(), id)))
            .RequirePermission(Permission.AlbumRead);
        albums.MapPatch("/{id}", (string id, UpdateAlbumRequest request, HttpContext http, AlbumService service) =>
                TypedResults.Ok(service.Update(http.GetCaller(), id, request)))
            .RequirePermission(Permission.AlbumUpdate);
        albums.MapDelete("/{id}", (string id, HttpContext http, AlbumService service) =>
            {
                service.Delete(http.GetCaller(), id);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.AlbumDelete);
        albums.MapPut("/{id}/assets", (string id, AlbumAssetsRequest request, HttpContext http, AlbumService service) =>
                TypedResults.Ok(service.AddAssets(http.GetCaller(), id, request)))
            .RequirePermission(Permission.AlbumUpdate);
        albums.MapDelete("/{id}/assets", (string id, AlbumAssetsRequest request, HttpContext http, AlbumService service) =>
                TypedResults.Ok(service.RemoveAssets(http.GetCaller(), id, request)))
            .RequirePermission(Permission.AlbumUpdate);
        albums.MapPut("/{id}/users", (string id, ShareAlbumRequest request, HttpContext http, AlbumService service) =>
                TypedResults.Ok(service.Share(http.GetCaller(), id, request)))
            .RequirePermission(Permission.AlbumShare);
        albums.MapDelete("/{id}/users/{userId}", (string id, string userId, HttpContext http, AlbumService service) =>
            {
                service.Unshare(http.GetCaller(), id, userId);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.AlbumShare);
        return api;
    }
}
