using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Offsite;

/// <summary>The off-site backup's remotes, runs and status: admins only; the restore: anyone, only before the first user exists (docs/api.md).</summary>
public static class OffsiteEndpoints
{
    public static RouteGroupBuilder MapOffsite(this RouteGroupBuilder api)
    {
        var offsite = api.MapGroup("/offsite");
        offsite.MapGet("", (OffsiteScheduler scheduler) => TypedResults.Ok(scheduler.Status())).RequirePermission(Permission.SystemConfigRead);
        // Not cancelled with the request: once the config file is written, the row follows.
        offsite.MapPost("/remotes", async (OffsiteRemoteRequest request, OffsiteRemotes remotes) =>
        {
            var created = await remotes.AddAsync(request, CancellationToken.None);
            return TypedResults.Created($"/api/v1/offsite/remotes/{created.Remote.Name}", created);
        }).RequirePermission(Permission.SystemConfigUpdate);
        offsite.MapGet("/remotes/{name}", (string name, OffsiteRemotes remotes) => TypedResults.Ok(remotes.Dto(remotes.Find(name))))
            .RequirePermission(Permission.SystemConfigRead);
        offsite.MapPatch("/remotes/{name}", (string name, OffsiteRemoteUpdateRequest request, OffsiteRemotes remotes) =>
            TypedResults.Ok(remotes.Update(name, request))).RequirePermission(Permission.SystemConfigUpdate);
        offsite.MapDelete("/remotes/{name}", (string name, OffsiteScheduler scheduler) =>
        {
            scheduler.Remove(name);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.SystemConfigUpdate);
        offsite.MapPost("/remotes/{name}/run", Run).RequirePermission(Permission.SystemConfigUpdate);
        offsite.MapPost("/host-key", async (OffsiteHostKeyRequest request, OffsiteRemotes remotes, CancellationToken cancel) =>
        {
            var port = request.Port ?? 22;
            var keys = await remotes.HostKeys.ScanAsync(request.Host, port, cancel);
            return TypedResults.Ok(new OffsiteHostKeysDto(request.Host!, port, keys.Select(k => new OffsiteHostKeyDto(k.Type, k.Fingerprint)).ToList()));
        }).RequirePermission(Permission.SystemConfigUpdate);
        // The setup wizard's restore: no caller, since there are no users yet; once there is one, a 409.
        offsite.MapGet("/restore", (OffsiteSetupRestore restore) => TypedResults.Ok(restore.Status()));
        offsite.MapPost("/restore", async (OffsiteRemoteRequest request, OffsiteSetupRestore restore) =>
            TypedResults.Accepted("/api/v1/offsite/restore", await restore.StartAsync(request, CancellationToken.None)));
        return api;
    }

    private static IResult Run(string name, OffsiteScheduler scheduler)
    {
        var started = scheduler.Start(name, "web");
        return started.Started ? TypedResults.Accepted("/api/v1/offsite", started) : TypedResults.Ok(started);
    }
}
