using PiVault.Server.Features.Auth;
using PiVault.Server.Queue;

namespace PiVault.Server.Health;

public static class HealthEndpoints
{
    public static RouteGroupBuilder MapSystemHealth(this RouteGroupBuilder api)
    {
        api.MapGet("/system/health", Get).RequirePermission(Permission.JobRead);
        return api;
    }

    private static SystemHealthDto Get(HealthGovernor governor, HealthHistory history, JobQueue queue)
    {
        var snapshot = governor.Current;
        var queues = snapshot.Queues.Select(d => (Decision: d, Counts: queue.Counts(d.Queue)))
            .Select(q => new QueueHealthDto(q.Decision.Queue, q.Decision.Load.ToString().ToLowerInvariant(), q.Decision.MaxWorkers, q.Decision.AllowedWorkers,
                [.. q.Decision.Reasons], q.Counts.Pending, q.Counts.Running, q.Counts.Failed, q.Counts.Paused))
            .ToList();
        return new SystemHealthDto(snapshot.At, snapshot.Reading, queues, [.. snapshot.Notes], history.Samples());
    }
}
