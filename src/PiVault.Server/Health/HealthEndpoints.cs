using PiVault.Server.Features.Auth;

namespace PiVault.Server.Health;

public static class HealthEndpoints
{
    public static RouteGroupBuilder MapSystemHealth(this RouteGroupBuilder api)
    {
        api.MapGet("/system/health", (HealthReport report) => report.Current()).RequirePermission(Permission.JobRead);
        return api;
    }
}
