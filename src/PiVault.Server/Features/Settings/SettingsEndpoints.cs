using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Settings;

public static class SettingsEndpoints
{
    public static RouteGroupBuilder MapSettings(this RouteGroupBuilder api)
    {
        // Public: the web app decides between wizard, login and timeline from this.
        api.MapGet("/server/config", (SettingsService service) => TypedResults.Ok(service.PublicConfig()));

        var admin = api.MapGroup("/admin");
        admin.MapGet("/settings", (SettingsService service) => TypedResults.Ok(service.Get())).RequirePermission(Permission.SystemConfigRead);
        // Not cancelled with the request: once saved, the device name and time zone are applied even if the client left.
        admin.MapPut("/settings", async (UpdateSettingsRequest request, SettingsService service) => TypedResults.Ok(await service.UpdateAsync(request)))
            .RequirePermission(Permission.SystemConfigUpdate);
        admin.MapGet("/time-zones", () => TypedResults.Ok(SettingsService.TimeZones())).RequirePermission(Permission.SystemConfigRead);
        return api;
    }
}
