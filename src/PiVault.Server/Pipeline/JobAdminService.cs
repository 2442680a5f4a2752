using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Http;
using PiVault.Server.Queue;

namespace PiVault.Server.Pipeline;

public sealed record QueueStatusDto(
    string Queue, long Pending, long Running, long Failed, long Delayed, bool Paused,
    int MaxWorkers, int AllowedWorkers, long Missing, long Eligible);

public sealed record QueueActionResultDto(string Queue, long Affected);

/// <summary>
/// The admin's view of the queues: depths, failures, pause/resume, re-run failed, process the missing or all assets.
/// A queue may carry several kinds of step; "missing" and "all" then count and queue each of them.
/// </summary>
public sealed class JobAdminService(Database database, JobQueue queue, MissingWorkStore missing, IWorkerLimits limits, JobPipeline pipeline)
{
    public List<QueueStatusDto> Status() => pipeline.Steps.Queues.Select(Status).ToList();

    public QueueStatusDto Status(string queueName)
    {
        var steps = StepsOf(queueName);
        var counts = queue.Counts(queueName);
        using var db = database.Open();
        return new QueueStatusDto(queueName, counts.Pending, counts.Running, counts.Failed, counts.Delayed, counts.Paused,
            limits.MaxWorkers(queueName), counts.Paused ? 0 : limits.AllowedWorkers(queueName),
            steps.Sum(s => missing.CountMissing(db, s)), steps.Sum(s => missing.CountEligible(db, s)));
    }

    public List<FailedJob> Failed(string queueName)
    {
        StepsOf(queueName);
        return queue.ListFailed(queueName, 200);
    }

    public QueueStatusDto SetPaused(string queueName, bool paused)
    {
        StepsOf(queueName);
        queue.SetPaused(queueName, paused);
        queue.Notify(queueName);
        return Status(queueName);
    }

    public QueueActionResultDto RetryFailed(string queueName)
    {
        StepsOf(queueName);
        var count = queue.RetryFailed(queueName);
        queue.Notify(queueName);
        return new QueueActionResultDto(queueName, count);
    }

    /// <summary>Queues the step for every asset that lacks its output; identical pending jobs are not doubled.</summary>
    public QueueActionResultDto QueueMissing(string queueName) => Queue(queueName, missing.ListMissing);

    /// <summary>
    /// Queues the step again for every asset it applies to, done or not (after an upgrade that draws or reads better);
    /// the step is idempotent and replaces its output atomically, so what is shown meanwhile stays valid.
    /// </summary>
    public QueueActionResultDto QueueAll(string queueName) => Queue(queueName, missing.ListEligible);

    private QueueActionResultDto Queue(string queueName, Func<SqliteConnection, JobStep, List<string>> assetsOf)
    {
        var steps = StepsOf(queueName);
        long added = 0;
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            foreach (var step in steps)
            {
                foreach (var assetId in assetsOf(db, step))
                {
                    added += queue.Enqueue(db, step.Kind, assetId) ? 1 : 0;
                }
            }
            transaction.Commit();
        }
        queue.Notify(queueName);
        return new QueueActionResultDto(queueName, added);
    }

    private IReadOnlyList<JobStep> StepsOf(string queueName) => pipeline.Steps.InQueue(queueName) is { Count: > 0 } steps
        ? steps
        : throw ApiException.NotFound($"There is no queue named '{queueName}'. Queues: {string.Join(", ", pipeline.Steps.Queues)}.");
}
