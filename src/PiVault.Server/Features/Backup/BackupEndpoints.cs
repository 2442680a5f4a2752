using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Backup;

/// <summary>The button's actions for boxes without one, and the backup status: admins only.</summary>
public static class BackupEndpoints
{
    public static RouteGroupBuilder MapBackup(this RouteGroupBuilder api)
    {
        api.MapGet("/backup", (BackupRotation rotation) => TypedResults.Ok(rotation.Status())).RequirePermission(Permission.SystemConfigRead);
        api.MapPost("/backup/run", Run).RequirePermission(Permission.SystemConfigUpdate);
        api.MapPost("/backup/eject", Eject).RequirePermission(Permission.SystemConfigUpdate);
        api.MapPost("/system/power-off", PowerOff).RequirePermission(Permission.SystemConfigUpdate);
        return api;
    }

    private static IResult Run(BackupRotation rotation)
    {
        var started = NoDriveIsConflict(() => rotation.Start("web"));
        return started.Started ? TypedResults.Accepted("/api/v1/backup", started) : TypedResults.Ok(started);
    }

    // Not cancelled with the request: once asked, the drive is unmounted even if the browser left.
    private static async Task<IResult> Eject(BackupRotation rotation) =>
        TypedResults.Ok(await NoDriveIsConflict(() => rotation.EjectAsync()));

    private static async Task<IResult> PowerOff(BackupRotation rotation)
    {
        var result = await rotation.PowerOffAsync();
        return result.Done ? TypedResults.Ok(result) : throw ApiException.Conflict(result.Message);
    }

    private static T NoDriveIsConflict<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (BackupNoDriveException e)
        {
            throw ApiException.Conflict(e.Message);
        }
    }

    private static async Task<T> NoDriveIsConflict<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (BackupNoDriveException e)
        {
            throw ApiException.Conflict(e.Message);
        }
    }
}
