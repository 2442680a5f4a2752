using PiVault.Server.Data;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Tiering;

/// <summary>
/// Every hour (and at start-up) queues a move job for each original <see cref="TieringPlanner"/> finds due (out to the
/// cold drive, or back for a favourite pinned after it moved), on the
/// <c>storage</c> queue, which the job runner runs under the health governor. Only with a cold tier configured, and not
/// while its drive is missing (the health page says so instead); <see cref="Nudge"/> plans at once.
/// </summary>
public sealed partial class TieringScheduler(
    Database database, TieringPlanner planner, TierMoveStore store, ColdTierStore cold, JobQueue jobs, TimeProvider time, ILogger<TieringScheduler> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private readonly SemaphoreSlim nudged = new(0, 1);

    /// <summary>Queues the due moves; returns how many were added.</summary>
    public int QueueDue()
    {
        if (!cold.IsConfigured)
        {
            return 0;
        }
        using var db = database.Open(Durability.Relaxed);
        if (!cold.IsAttached && store.CountOnCold(db) > 0)
        {
            LogColdMissing(logger, cold.Root);
            return 0;
        }
        var added = 0;
        using (var transaction = db.BeginTransaction())
        {
            foreach (var id in planner.Due().Concat(cold.IsAttached ? planner.DueBack() : []))
            {
                added += jobs.Enqueue(db, JobKinds.TierCold, id) ? 1 : 0;
            }
            transaction.Commit();
        }
        if (added > 0)
        {
            jobs.Notify(JobKinds.StorageQueue);
            LogQueued(logger, added);
        }
        return added;
    }

    /// <summary>Plans now rather than at the next hour (a drive was just given the cold role, a photo became a favourite).</summary>
    public void Nudge()
    {
        try
        {
            nudged.Release();
        }
        catch (SemaphoreFullException)
        {
            // already due to plan
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                QueueDue();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(nudged.WaitAsync(wake.Token), Task.Delay(Interval, time, wake.Token));
            await wake.CancelAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} originals to move between the hot and cold tiers")]
    private static partial void LogQueued(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cold drive ({Root}) is not attached: no originals move until it is back")]
    private static partial void LogColdMissing(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Error, Message = "Planning moves to the cold tier failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
