using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Queue;

public enum JobState
{
    Pending,
    Running,
    Failed,
}

/// <summary>A claimed unit of work: one kind of step for (usually) one asset.</summary>
/// <param name="DueAt">When it became due (queued, or its retry time): the wait until its claim is the queue's latency.</param>
public sealed record Job(long Id, string Queue, string Kind, string? AssetId, int Attempts, DateTimeOffset? DueAt = null);

public sealed record QueueCounts(string Queue, long Pending, long Running, long Failed, long Delayed, bool Paused);

public sealed record FailedJob(long Id, string Kind, string? AssetId, int Attempts, string? Error, DateTimeOffset FailedAt);

/// <summary>
/// The persistent job queue: a thin store over the <c>jobs</c> table. It sits below the features so a service
/// can enqueue work in the same transaction as the change that calls for it. Rows live only while a job is
/// pending, running or failed; a finished job's row is deleted. Survives kill -9: running rows go back to
/// pending at start-up, and every handler is idempotent.
/// </summary>
public sealed class JobQueue(Database database, TimeProvider time, IJobCatalog kinds)
{
    /// <summary>Jobs completed per queue in the last hour, for the health page's rates.</summary>
    public QueueThroughput Throughput { get; } = new(time);

    /// <summary>Raised after an enqueue commits, so idle workers of that queue wake at once.</summary>
    public event Action<string>? Enqueued;

    /// <summary>
    /// Adds a job unless an identical one is already pending (de-duplication), its asset is gone, or the kind does not
    /// apply to that asset (<see cref="IJobCatalog.AppliesTo"/>: no video step for a photo).
    /// Returns whether it was added. Call <see cref="Notify"/> once the transaction has committed.
    /// </summary>
    public bool Enqueue(SqliteConnection db, string kind, string? assetId)
    {
        var now = time.GetUtcNow().ToDb();
        var added = db.Execute(
            $"""
            INSERT INTO jobs (queue, kind, asset_id, state, run_after, created_at, updated_at)
            SELECT $queue, $kind, $asset, 'pending', $now, $now, $now
            WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE kind = $kind AND asset_id IS $asset AND state = 'pending')
              AND ($asset IS NULL OR EXISTS (SELECT 1 FROM assets WHERE id = $asset AND {kinds.AppliesTo(kind)})); -- deleted meanwhile: nothing to do
            """,
            ("$queue", kinds.QueueOf(kind)), ("$kind", kind), ("$asset", assetId), ("$now", now)) == 1;
        return added;
    }

    /// <summary>Call after the transaction holding <see cref="Enqueue"/> committed.</summary>
    public void Notify(string queue) => Enqueued?.Invoke(queue);

    /// <summary>Queues what every upload starts (<see cref="IJobCatalog.StartKinds"/>), in the transaction that inserts its row.</summary>
    public void EnqueueUploadSteps(SqliteConnection db, string assetId)
    {
        foreach (var kind in kinds.StartKinds)
        {
            Enqueue(db, kind, assetId);
        }
    }

    /// <summary>Wakes the queues of what uploads start; call after the transaction holding <see cref="EnqueueUploadSteps"/> committed.</summary>
    public void NotifyUploadSteps()
    {
        foreach (var kind in kinds.StartKinds)
        {
            Notify(kinds.QueueOf(kind));
        }
    }

    /// <summary>Takes the oldest due pending job of the queue and marks it running, atomically.</summary>
    public Job? Claim(string queue)
    {
        var now = time.GetUtcNow().ToDb();
        using var db = database.Open(Durability.Relaxed);
        return db.QuerySingle(
            """
            UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = $now
            WHERE id = (SELECT id FROM jobs WHERE queue = $queue AND state = 'pending' AND run_after <= $now ORDER BY run_after, id LIMIT 1)
            RETURNING id, queue, kind, asset_id, attempts, run_after;
            """,
            r => new Job(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetNullableString(3), (int)r.GetInt64(4), r.GetTime(5)),
            ("$queue", queue), ("$now", now));
    }

    /// <summary>Deletes the finished job, and earlier failures of the same step for the same asset: they are resolved now.</summary>
    public void Complete(SqliteConnection db, Job job)
    {
        db.Execute(
            "DELETE FROM jobs WHERE id = $id OR (kind = $kind AND asset_id IS $asset AND state = 'failed');",
            ("$id", job.Id), ("$kind", job.Kind), ("$asset", job.AssetId));
        Throughput.Record(job.Queue); // counted before the caller commits: a rare rollback only overstates a rate
    }

    /// <summary>Back to pending after <paramref name="delay"/> (a retry), keeping the error for the admin page.</summary>
    public void Retry(Job job, string error, TimeSpan delay)
    {
        var now = time.GetUtcNow();
        using var db = database.Open(Durability.Relaxed);
        db.Execute(
            "UPDATE jobs SET state = 'pending', run_after = $after, last_error = $error, updated_at = $now WHERE id = $id;",
            ("$id", job.Id), ("$after", (now + delay).ToDb()), ("$error", error), ("$now", now.ToDb()));
    }

    /// <summary>Interrupted at a safe point (shutdown, throttling): pending again, and the attempt does not count.</summary>
    public void Requeue(Job job)
    {
        using var db = database.Open(Durability.Relaxed);
        db.Execute(
            "UPDATE jobs SET state = 'pending', attempts = max(attempts - 1, 0), updated_at = $now WHERE id = $id;",
            ("$id", job.Id), ("$now", time.GetUtcNow().ToDb()));
    }

    /// <summary>
    /// Pending again after <paramref name="delay"/>, the attempt not counted: the job failed for a reason outside it (a
    /// full, read-only or missing disk) and runs whole once that is fixed.
    /// </summary>
    public void Postpone(Job job, string error, TimeSpan delay)
    {
        var now = time.GetUtcNow();
        using var db = database.Open(Durability.Relaxed);
        db.Execute(
            "UPDATE jobs SET state = 'pending', attempts = max(attempts - 1, 0), run_after = $after, last_error = $error, updated_at = $now WHERE id = $id;",
            ("$id", job.Id), ("$after", (now + delay).ToDb()), ("$error", error), ("$now", now.ToDb()));
    }

    public void Fail(Job job, string error)
    {
        using var db = database.Open(Durability.Relaxed);
        db.Execute(
            "UPDATE jobs SET state = 'failed', last_error = $error, updated_at = $now WHERE id = $id;",
            ("$id", job.Id), ("$error", error), ("$now", time.GetUtcNow().ToDb()));
    }

    /// <summary>At start-up: whatever was running when the process died runs again.</summary>
    public int RecoverInterrupted()
    {
        using var db = database.Open(Durability.Relaxed);
        return db.Execute("UPDATE jobs SET state = 'pending' WHERE state = 'running';");
    }

    public int RetryFailed(string queue)
    {
        using var db = database.Open(Durability.Relaxed);
        return db.Execute(
            "UPDATE jobs SET state = 'pending', attempts = 0, run_after = $now, updated_at = $now WHERE queue = $queue AND state = 'failed';",
            ("$queue", queue), ("$now", time.GetUtcNow().ToDb()));
    }

    public void SetPaused(string queue, bool paused)
    {
        using var db = database.Open(Durability.Relaxed);
        db.Execute(
            "INSERT INTO queue_settings (queue, paused) VALUES ($queue, $paused) ON CONFLICT (queue) DO UPDATE SET paused = $paused;",
            ("$queue", queue), ("$paused", paused ? 1 : 0));
    }

    public bool IsPaused(string queue)
    {
        using var db = database.Open(Durability.Relaxed);
        return db.Scalar<long>("SELECT paused FROM queue_settings WHERE queue = $queue;", ("$queue", queue)) == 1;
    }

    public QueueCounts Counts(string queue)
    {
        var now = time.GetUtcNow().ToDb();
        using var db = database.Open(Durability.Relaxed);
        return db.QuerySingle(
            """
            SELECT
                count(*) FILTER (WHERE state = 'pending' AND run_after <= $now),
                count(*) FILTER (WHERE state = 'running'),
                count(*) FILTER (WHERE state = 'failed'),
                count(*) FILTER (WHERE state = 'pending' AND run_after > $now),
                (SELECT paused FROM queue_settings WHERE queue = $queue)
            FROM jobs WHERE queue = $queue;
            """,
            r => new QueueCounts(queue, r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), !r.IsDBNull(4) && r.GetInt64(4) == 1),
            ("$queue", queue), ("$now", now))!;
    }

    /// <summary>
    /// The jobs a queue still has to finish now: ready to claim or running; 0 while an admin has paused it. What the
    /// governor's "thumbnails first" waits for: a photo whose thumbnail is being made still waits for it.
    /// </summary>
    public long Unfinished(string queue) => Counts(queue) is { Paused: false } counts ? counts.Pending + counts.Running : 0;

    public List<FailedJob> ListFailed(string queue, int limit)
    {
        using var db = database.Open(Durability.Relaxed);
        return db.Query(
            "SELECT id, kind, asset_id, attempts, last_error, updated_at FROM jobs WHERE queue = $queue AND state = 'failed' ORDER BY updated_at DESC LIMIT $limit;",
            r => new FailedJob(r.GetInt64(0), r.GetString(1), r.GetNullableString(2), (int)r.GetInt64(3), r.GetNullableString(4), r.GetTime(5)),
            ("$queue", queue), ("$limit", limit));
    }

    /// <summary>The latest failure of a kind of step for an asset, if its job is in the failed state.</summary>
    public string? FailureFor(SqliteConnection db, string assetId, string kind) => db.QuerySingle(
        "SELECT last_error FROM jobs WHERE asset_id = $asset AND kind = $kind AND state = 'failed' ORDER BY id DESC LIMIT 1;",
        r => r.GetNullableString(0) ?? "", ("$asset", assetId), ("$kind", kind));
}
