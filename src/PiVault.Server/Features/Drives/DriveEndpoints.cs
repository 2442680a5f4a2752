using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Drives;

/// <summary>Admin only. Writes need the settings-update permission and, with a session cookie, a same-origin request (<see cref="CrossSiteRequests"/>).</summary>
public static class DriveEndpoints
{
    public static RouteGroupBuilder MapDrives(this RouteGroupBuilder api)
    {
        var admin = api.MapGroup("/admin/drives");
        admin.MapGet("", (DriveService service) => TypedResults.Ok(service.List())).RequirePermission(Permission.SystemConfigRead);
        // Not cancelled with the request: once confirmed, the helper is started even if the client left.
        admin.MapPost("/prepare", async (PrepareDriveRequest request, DriveService service) => TypedResults.Accepted((string?)null, await service.PrepareAsync(request)))
            .RequirePermission(Permission.SystemConfigUpdate);
        admin.MapPut("/{uuid}/role", async (string uuid, DriveRoleRequest request, DriveService service) => TypedResults.Ok(await service.SetRoleAsync(uuid, request)))
            .RequirePermission(Permission.SystemConfigUpdate);
        return api;
    }
}
