using PiVault.Server.Features.Auth;

namespace PiVault.Server.Pipeline;

public static class JobAdminEndpoints
{
    public static RouteGroupBuilder MapJobAdmin(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/admin/jobs");
        jobs.MapGet("/", (JobAdminService service) => TypedResults.Ok(service.Status())).RequirePermission(Permission.JobRead);
        jobs.MapGet("/{queue}", (string queue, JobAdminService service) => TypedResults.Ok(service.Status(queue))).RequirePermission(Permission.JobRead);
        jobs.MapGet("/{queue}/failed", (string queue, JobAdminService service) => TypedResults.Ok(service.Failed(queue))).RequirePermission(Permission.JobRead);
        jobs.MapPost("/{queue}/pause", (string queue, JobAdminService service) => TypedResults.Ok(service.SetPaused(queue, true))).RequirePermission(Permission.JobCreate);
        jobs.MapPost("/{queue}/resume", (string queue, JobAdminService service) => TypedResults.Ok(service.SetPaused(queue, false))).RequirePermission(Permission.JobCreate);
        jobs.MapPost("/{queue}/retry-failed", (string queue, JobAdminService service) => TypedResults.Ok(service.RetryFailed(queue))).RequirePermission(Permission.JobCreate);
        jobs.MapPost("/{queue}/queue-missing", (string queue, JobAdminService service) => TypedResults.Ok(service.QueueMissing(queue))).RequirePermission(Permission.JobCreate);
        jobs.MapPost("/{queue}/queue-all", (string queue, JobAdminService service) => TypedResults.Ok(service.QueueAll(queue))).RequirePermission(Permission.JobCreate);
        return api;
    }
}
