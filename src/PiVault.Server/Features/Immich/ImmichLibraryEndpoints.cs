using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Libraries;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's external libraries (<c>/api/libraries</c>, @immich/sdk 3.2.2) over <see cref="LibraryService"/>: the same
/// folder libraries as <c>/api/v1/libraries</c>. A scan is queued (204), as Immich queues it.
/// </summary>
public static class ImmichLibraryEndpoints
{
    public static RouteGroupBuilder MapImmichLibraries(this RouteGroupBuilder api)
    {
        var libraries = api.MapGroup("/libraries");
        libraries.MapGet("/", (LibraryService service) => TypedResults.Ok(service.List())).RequirePermission(Permission.LibraryRead);
        libraries.MapPost("/", (CreateLibraryRequest request, HttpContext http, LibraryService service) =>
        {
            var library = service.Create(http.GetCaller(), request);
            return TypedResults.Created($"/api/libraries/{library.Id}", library);
        }).RequirePermission(Permission.LibraryCreate);
        libraries.MapGet("/{id}", (string id, LibraryService service) => TypedResults.Ok(service.Get(id))).RequirePermission(Permission.LibraryRead);
        libraries.MapPut("/{id}", (string id, UpdateLibraryRequest request, LibraryService service) => TypedResults.Ok(service.Update(id, request)))
            .RequirePermission(Permission.LibraryUpdate);
        libraries.MapDelete("/{id}", (string id, LibraryService service) =>
        {
            service.Delete(id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.LibraryDelete);
        libraries.MapPost("/{id}/scan", (string id, LibraryService service, LibraryWatcher watcher) =>
        {
            watcher.Request(service.Get(id).Id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.LibraryUpdate);
        libraries.MapGet("/{id}/statistics", (string id, LibraryService service) => TypedResults.Ok(service.Statistics(id)))
            .RequirePermission(Permission.LibraryStatistics);
        libraries.MapPost("/{id}/validate", (string id, ValidateLibraryRequest request, LibraryService service) =>
        {
            service.Get(id);
            return TypedResults.Ok(service.Validate(request));
        }).RequirePermission(Permission.LibraryRead);
        return api;
    }
}
