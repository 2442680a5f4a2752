using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Libraries;

/// <summary>
/// Folder libraries under <c>/api/v1/libraries</c> (admin-only, as Immich's). PiVault's "scan now" scans at once and
/// answers with what it found; Immich's (<c>ImmichLibraryEndpoints</c>) queues the scan, as Immich does.
/// </summary>
public static class LibraryEndpoints
{
    public static RouteGroupBuilder MapLibraries(this RouteGroupBuilder api)
    {
        var libraries = api.MapGroup("/libraries");
        libraries.MapGet("/", (LibraryService service) => TypedResults.Ok(service.List())).RequirePermission(Permission.LibraryRead);
        libraries.MapPost("/", (CreateLibraryRequest request, HttpContext http, LibraryService service) =>
        {
            var library = service.Create(http.GetCaller(), request);
            return TypedResults.Created($"/api/v1/libraries/{library.Id}", library);
        }).RequirePermission(Permission.LibraryCreate);
        libraries.MapPost("/validate", (ValidateLibraryRequest request, LibraryService service) => TypedResults.Ok(service.Validate(request)))
            .RequirePermission(Permission.LibraryRead);
        libraries.MapGet("/{id}", (string id, LibraryService service) => TypedResults.Ok(service.Get(id))).RequirePermission(Permission.LibraryRead);
        libraries.MapPatch("/{id}", (string id, UpdateLibraryRequest request, LibraryService service) => TypedResults.Ok(service.Update(id, request)))
            .RequirePermission(Permission.LibraryUpdate);
        libraries.MapDelete("/{id}", (string id, LibraryService service) =>
        {
            service.Delete(id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.LibraryDelete);
        libraries.MapPost("/{id}/scan", async (string id, LibraryService service, CancellationToken cancel) =>
            TypedResults.Ok(await service.ScanAsync(id, cancel))).RequirePermission(Permission.LibraryUpdate);
        libraries.MapGet("/{id}/statistics", (string id, LibraryService service) => TypedResults.Ok(service.Statistics(id)))
            .RequirePermission(Permission.LibraryStatistics);
        return api;
    }
}
