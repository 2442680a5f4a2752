using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PiVault.Ml.Sessions;
using PiVault.Server.Data;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Pipeline;

/// <summary>
/// Runs the queues: for each queue as many workers as <see cref="IWorkerLimits"/> allows, each claiming one job at
/// a time. A finished job is deleted and its follow-ups enqueued in one transaction, so the chain survives a crash
/// at any point. Failures retry with back-off and then stay failed with their error, never blocking other jobs.
/// </summary>
public sealed partial class JobRunner : BackgroundService
{
    public const int MaxAttempts = 3;

    /// <summary>
    /// A worker whose loop has not turned for this long is wedged, whatever it is doing: an idle worker turns at
    /// least every <see cref="IdlePoll"/>, and a claim waits at most the database's 30 s busy timeout.
    /// </summary>
    public static readonly TimeSpan SilenceLimit = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(2);
    private readonly JobQueue queue;
    private readonly JobPipeline pipeline;
    private readonly IWorkerLimits limits;
    private readonly Database database;
    private readonly ILogger<JobRunner> logger;
    private readonly TimeProvider time;
    private readonly Dictionary<string, SemaphoreSlim> wakeUps;
    private readonly ConcurrentDictionary<(string Queue, int Slot), WorkerActivity> workers = new();
    private int ranSinceMemoryReturned; // 1 once a job ran after the heap was last given back (ReturnMemoryWhenQuiet)
    private readonly MlSlots mlSlots;
    private readonly HashSet<string> mlQueues;

    /// <summary>How long a job that met a disk fault waits before it runs again (not counted as an attempt).</summary>
    public static readonly TimeSpan DiskFaultDelay = TimeSpan.FromSeconds(15);

    private readonly StorageFaults? storage;

    public JobRunner(JobQueue queue, JobPipeline pipeline, IWorkerLimits limits, Database database, ILogger<JobRunner> logger, TimeProvider? time = null,
        StorageFaults? storage = null)
    {
        this.storage = storage;
        this.queue = queue;
        this.pipeline = pipeline;
        this.limits = limits;
        this.database = database;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
        wakeUps = pipeline.Steps.Queues.ToDictionary(q => q, _ => new SemaphoreSlim(0));
        mlSlots = new MlSlots(this.time);
        mlQueues = pipeline.Steps.MlQueues.ToHashSet(StringComparer.Ordinal);
        queue.Enqueued += Wake;
        limits.LimitRaised += WakeAll;
    }

    /// <summary>What each running worker is doing now, ordered by queue and slot.</summary>
    public IReadOnlyList<WorkerActivity> Workers =>
        workers.Values.OrderBy(w => w.Queue, StringComparer.Ordinal).ThenBy(w => w.Slot).ToList();

    /// <summary>
    /// The watchdog's question: is a worker wedged? Null when every worker is idle and polling, or busy with a job
    /// for less than <paramref name="stuckJobLimit"/>; otherwise which worker and why. One long job is fine while
    /// others idle; a job past the limit, or a loop that stopped turning, is not.
    /// </summary>
    public string? FindWedged(TimeSpan stuckJobLimit)
    {
        var now = time.GetUtcNow();
        foreach (var worker in Workers)
        {
            var elapsed = now - worker.Since;
            if (worker.Job is { } job && elapsed > stuckJobLimit)
            {
                return $"job {job.Kind} (#{job.Id}) has been running for {Duration(elapsed)} on worker {worker.Queue}#{worker.Slot}, past the {Duration(stuckJobLimit)} stuck limit";
            }
            if (worker.Job is null && elapsed > SilenceLimit)
            {
                return $"worker {worker.Queue}#{worker.Slot} has not polled its queue for {Duration(elapsed)}";
            }
        }
        return null;
    }

    /// <summary>Retry delays: 30 s, then 2 min; after <see cref="MaxAttempts"/> the job stays failed.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(30 * Math.Pow(4, Math.Max(0, attempts - 1)));

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = queue.RecoverInterrupted();
        if (recovered > 0)
        {
            LogRecovered(logger, recovered);
        }
        ReservePoolThreads(pipeline.Steps.Queues.Sum(limits.MaxWorkers));
        var workers = pipeline.Steps.Queues.SelectMany(q => Enumerable.Range(0, limits.MaxWorkers(q)).Select(slot => WorkAsync(q, slot, stoppingToken)));
        return Task.WhenAll(workers);
    }

    /// <summary>
    /// A worker holds a thread-pool thread while its step runs (a libvips decode, file writes, SQLite): the steps are
    /// synchronous at heart. The pool starts with one thread per core and adds one only after it has seen them all busy
    /// for a while (about half a second each), so on a 2-core box two thumbnail workers would hold every pool thread and
    /// an upload's request would wait for the pool to grow. One ready thread per worker beside the cores' own means
    /// requests never wait for jobs to let go of a thread; the CPU itself they get first (<c>Features/Media/BackgroundPriority</c>).
    /// </summary>
    private static void ReservePoolThreads(int workers)
    {
        ThreadPool.GetMinThreads(out var poolThreads, out var ioThreads);
        ThreadPool.SetMinThreads(Math.Max(poolThreads, Environment.ProcessorCount + workers), ioThreads);
    }

    public override void Dispose()
    {
        queue.Enqueued -= Wake;
        limits.LimitRaised -= WakeAll;
        foreach (var wakeUp in wakeUps.Values)
        {
            wakeUp.Dispose();
        }
        base.Dispose();
    }

    /// <summary>
    /// Wakes every idle worker of the queue: the workers share one wake-up, and only those whose slot is below the new
    /// limit claim, so waking just as many as the limit rose could wake the wrong ones.
    /// </summary>
    private void WakeAll(string queueName)
    {
        for (var i = 0; i < limits.MaxWorkers(queueName); i++)
        {
            Wake(queueName);
        }
    }

    private void Wake(string queueName)
    {
        if (wakeUps.TryGetValue(queueName, out var wakeUp) && wakeUp.CurrentCount < limits.MaxWorkers(queueName))
        {
            wakeUp.Release();
        }
    }

    private async Task WorkAsync(string queueName, int slot, CancellationToken stopping)
    {
        var key = (queueName, slot);
        // Registered before the first await: a worker the thread pool never schedules still shows up, as silent.
        workers[key] = new WorkerActivity(queueName, slot, null, time.GetUtcNow());
        var ranJobs = false;
        try
        {
            await Task.Yield();
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    workers[key] = new WorkerActivity(queueName, slot, null, time.GetUtcNow()); // the idle heartbeat
                    var ml = mlQueues.Contains(queueName);
                    var mayClaim = slot < limits.AllowedWorkers(queueName) && !queue.IsPaused(queueName)
                        && (!ml || mlSlots.TryTake(queueName, MlCapacity()));
                    var job = mayClaim ? queue.Claim(queueName) : null;
                    if (job is null)
                    {
                        if (mayClaim && ml)
                        {
                            ReturnMlSlot();
                        }
                        if (mayClaim && ranJobs) // the queue ran dry, rather than this worker being held back
                        {
                            ranJobs = false;
                            limits.QueueDrained(queueName);
                        }
                        if (!await wakeUps[queueName].WaitAsync(IdlePoll, stopping))
                        {
                            ReturnMemoryWhenQuiet();
                        }
                        continue;
                    }
                    workers[key] = new WorkerActivity(queueName, slot, job, time.GetUtcNow());
                    try
                    {
                        await RunAsync(job, stopping);
                    }
                    finally
                    {
                        if (ml)
                        {
                            ReturnMlSlot();
                        }
                    }
                    ranJobs = true;
                    Volatile.Write(ref ranSinceMemoryReturned, 1);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // The queue itself failed (disk full, database locked too long): keep the worker alive and try again.
                    LogWorkerError(logger, queueName, e);
                    await Task.Delay(IdlePoll, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
        finally
        {
            workers.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// The ML inferences allowed at once across the ML queues: the most the governor allows any ML queue now (it slows
    /// or pauses them together), shared through <see cref="MlSlots"/>.
    /// </summary>
    private int MlCapacity() => mlQueues.Max(limits.AllowedWorkers);

    /// <summary>Gives an ML slot back and, when another ML queue waits for one, wakes the ML queues so it claims now.</summary>
    private void ReturnMlSlot()
    {
        if (mlSlots.Return())
        {
            foreach (var ml in mlQueues)
            {
                WakeAll(ml); // all: a worker whose slot is above the governor's limit would take the wake-up and go back to sleep
            }
        }
    }

    /// <summary>
    /// Once every worker has waited a whole poll without work after jobs ran, the C heap's freed blocks (libvips' decode
    /// buffers, which glibc keeps for reuse) go back to the system (<see cref="ProcessHeap"/>), so a quiet appliance holds
    /// no decode memory.
    /// </summary>
    private void ReturnMemoryWhenQuiet()
    {
        if (Volatile.Read(ref ranSinceMemoryReturned) == 1 && workers.Values.All(w => w.Job is null)
            && Interlocked.Exchange(ref ranSinceMemoryReturned, 0) == 1)
        {
            ProcessHeap.ReturnToSystem();
        }
    }

    private async Task RunAsync(Job job, CancellationToken stopping)
    {
        try
        {
            var claimed = time.GetTimestamp();
            await pipeline.HandlerFor(job.Kind)(job, stopping);
            var ran = time.GetTimestamp();
            Finish(job);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                // The pipeline benchmark's breakdown: queue wait (due → claimed), the step, and its completion transaction.
                var waitMs = job.DueAt is { } due ? (time.GetUtcNow() - time.GetElapsedTime(claimed) - due).TotalMilliseconds : -1;
                var (runMs, finishMs) = (time.GetElapsedTime(claimed, ran).TotalMilliseconds, time.GetElapsedTime(ran).TotalMilliseconds);
                LogTiming(logger, job.Kind, job.AssetId, waitMs, runMs, finishMs);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            queue.Requeue(job); // stopped at a safe point: runs again next start, the attempt not counted
        }
        catch (Exception e) when (DiskFault(e) is { } fault)
        {
            // A full, read-only or vanished disk is no fault of the file: wait for the disk instead of using up attempts.
            queue.Postpone(job, $"{DiskFaults.Title(fault.Kind, fault.Drive)}: {e.Message}", DiskFaultDelay);
            LogPostponed(logger, job.Kind, job.AssetId, fault.Kind, e.Message);
        }
        catch (PermanentJobException e)
        {
            queue.Fail(job, e.Message);
            LogFailed(logger, job.Kind, job.AssetId, e.Message);
        }
        catch (Exception e)
        {
            if (job.Attempts >= MaxAttempts)
            {
                queue.Fail(job, e.Message);
                LogFailed(logger, job.Kind, job.AssetId, e.Message);
            }
            else
            {
                queue.Retry(job, e.Message, Backoff(job.Attempts));
                LogRetry(logger, job.Kind, job.AssetId, job.Attempts, e.Message);
            }
        }
    }

    /// <summary>
    /// The disk fault behind a failed job: the error itself says so (ENOSPC, EROFS, ...), or a disk is faulty right now
    /// (a decoder reports a vanished original as an unreadable file).
    /// </summary>
    private (DiskFaultKind Kind, string? Drive)? DiskFault(Exception e)
    {
        var now = storage?.Current().FirstOrDefault();
        if (DiskFaults.Classify(e) is { } kind)
        {
            return (kind, now?.Kind == kind ? now.Role : null);
        }
        return now is null ? null : (now.Kind, now.Role);
    }

    private void Finish(Job job)
    {
        var step = pipeline.Steps.Of(job.Kind);
        var followUps = step.FollowUps;
        using (var db = database.Open(Durability.Relaxed))
        using (var transaction = db.BeginTransaction())
        {
            queue.Complete(db, job);
            if (step.FollowsOnlyWhenDone && !Stamped(db, step, job.AssetId))
            {
                followUps = [];
            }
            foreach (var kind in followUps)
            {
                queue.Enqueue(db, kind, job.AssetId);
            }
            transaction.Commit();
        }
        foreach (var kind in followUps)
        {
            queue.Notify(pipeline.Steps.Of(kind).Queue);
        }
    }

    private static bool Stamped(SqliteConnection db, JobStep step, string? assetId) =>
        db.Scalar<long>($"SELECT count(*) FROM assets WHERE id = $id AND {step.DoneColumn} IS NOT NULL;", ("$id", assetId)) > 0;

    private static string Duration(TimeSpan span) => span < TimeSpan.FromMinutes(2)
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:F0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:F0} min");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Kind} for asset {AssetId}: waited {WaitMs:F0} ms, ran {RunMs:F0} ms, finished in {FinishMs:F0} ms")]
    private static partial void LogTiming(ILogger logger, string kind, string? assetId, double waitMs, double runMs, double finishMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker of queue {Queue} hit an error")]
    private static partial void LogWorkerError(ILogger logger, string queue, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Kind} for asset {AssetId} waits for the disk ({Fault}): {Error}")]
    private static partial void LogPostponed(ILogger logger, string kind, string? assetId, DiskFaultKind fault, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-queued {Count} jobs that were running when PiVault stopped")]
    private static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Kind} for asset {AssetId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string kind, string? assetId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Kind} for asset {AssetId} failed on attempt {Attempt}, will retry: {Error}")]
    private static partial void LogRetry(ILogger logger, string kind, string? assetId, int attempt, string error);
}

/// <summary>
/// One worker's state for the watchdog. <see cref="Job"/> null: idle, and its loop last turned at <see cref="Since"/>;
/// otherwise running that job since <see cref="Since"/> (the claim).
/// </summary>
public sealed record WorkerActivity(string Queue, int Slot, Job? Job, DateTimeOffset Since);
