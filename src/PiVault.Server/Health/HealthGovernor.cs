using PiVault.Hardware.Health;
using PiVault.Server.Features.Assets;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Health;

/// <summary>What the governor saw and decided at one evaluation.</summary>
public sealed record GovernorSnapshot(DateTimeOffset At, HealthReading Reading, IReadOnlyList<QueueDecision> Queues, IReadOnlyList<string> Notes)
{
    public int AllowedWorkers(string queue) => Queues.FirstOrDefault(q => q.Queue == queue)?.AllowedWorkers ?? 0;
}

/// <summary>
/// Decides, every <see cref="GovernorRules.Interval"/>, how many workers each queue may use (0 = paused) from the
/// board's temperature, power, memory and upload activity. The job runner asks before each claim, so a running job
/// is never killed: a limit takes effect as jobs finish. Every change is logged with its reasons.
/// </summary>
public sealed partial class HealthGovernor : IWorkerLimits, IHostedService, IDisposable
{
    private readonly IHealthSensors sensors;
    private readonly UploadActivity uploads;
    private readonly TimeProvider time;
    private readonly ILogger<HealthGovernor> logger;
    private readonly IReadOnlyDictionary<string, int> maxWorkers;
    private readonly GovernorPolicy policy;
    private readonly Func<string, long> unfinishedJobs;
    private readonly Lock gate = new();
    private volatile GovernorSnapshot current;
    private ITimer? timer;
    private ITimer? quietTimer;
    private volatile bool slowedForUploads;

    /// <param name="unfinishedJobs">A queue's unfinished jobs, ready to claim or running (0 while an admin paused it), for "thumbnails first" and the ML night window; none when not given.</param>
    public HealthGovernor(IHealthSensors sensors, GovernorRules rules, UploadActivity uploads, TimeProvider time, ILogger<HealthGovernor> logger,
        IReadOnlyDictionary<string, int> maxWorkers, Func<string, long>? unfinishedJobs = null)
    {
        this.unfinishedJobs = unfinishedJobs ?? (_ => 0);
        this.sensors = sensors;
        this.uploads = uploads;
        this.time = time;
        this.logger = logger;
        this.maxWorkers = maxWorkers;
        Rules = rules;
        policy = new GovernorPolicy(rules, time.LocalTimeZone);
        var unrestricted = maxWorkers.Select(q => new QueueDecision(q.Key, GovernorRules.LoadOf(q.Key), q.Value, q.Value, [])).ToList();
        current = new GovernorSnapshot(time.GetUtcNow(), new HealthReading(), unrestricted, ["not evaluated yet"]);
    }

    public GovernorRules Rules { get; }

    public GovernorSnapshot Current => current;

    /// <summary>Whether the last evaluation saw phones uploading (a backup gives way to them).</summary>
    public bool SlowedForUploads => slowedForUploads;

    /// <summary>Raised after each evaluation, outside the governor's lock (the history samples it).</summary>
    public event Action<GovernorSnapshot>? Evaluated;

    /// <summary>Raised after an evaluation let a queue use more workers (after <see cref="Evaluated"/>), outside the governor's lock.</summary>
    public event Action<string>? LimitRaised;

    public int MaxWorkers(string queue) => maxWorkers.GetValueOrDefault(queue, 1);

    public int AllowedWorkers(string queue) => current.AllowedWorkers(queue);

    /// <summary>The thumbnail queue ran dry: ML, which waits for it (<see cref="GovernorRules.ThumbnailsFirst"/>), starts now, not at the next tick.</summary>
    public void QueueDrained(string queue)
    {
        if (queue == JobKinds.ThumbnailQueue && Rules.ThumbnailsFirst)
        {
            Evaluate();
        }
    }

    /// <summary>Reads the sensors and decides now; the timer calls this, and so can tests.</summary>
    public GovernorSnapshot Evaluate() => Evaluate(uploadsOver: false);

    private GovernorSnapshot Evaluate(bool uploadsOver)
    {
        GovernorSnapshot next;
        var raised = new List<string>();
        lock (gate)
        {
            var reading = ReadSensors();
            var now = time.GetUtcNow();
            if (uploadsOver)
            {
                uploads.Forget();
            }
            var uploading = !uploadsOver && uploads.SeenSinceLastLook();
            slowedForUploads = uploading;
            var decisions = policy.Decide(reading, now, uploading, maxWorkers, unfinishedJobs);
            foreach (var decision in decisions)
            {
                var before = current.AllowedWorkers(decision.Queue);
                if (decision.AllowedWorkers > before)
                {
                    raised.Add(decision.Queue);
                }
                if (decision.AllowedWorkers != before && logger.IsEnabled(LogLevel.Warning))
                {
                    var why = decision.Reasons.Count > 0 ? string.Join("; ", decision.Reasons) : "all clear";
                    LogChange(logger, decision.Queue, before, decision.AllowedWorkers, decision.MaxWorkers, why);
                }
            }
            next = current = new GovernorSnapshot(now, reading, decisions, GovernorPolicy.Notes(reading));
        }
        // Subscribers see the decision before the woken workers act on it (the bench times the wake-up from Evaluated).
        Evaluated?.Invoke(next);
        raised.ForEach(queue => LimitRaised?.Invoke(queue));
        return next;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Evaluate();
        var notes = string.Join("; ", current.Notes);
        LogStarted(logger, notes);
        timer = time.CreateTimer(_ => Tick(), null, Rules.Interval, Rules.Interval);
        uploads.Began += UploadBegan;
        uploads.AllEnded += UploadsEnded;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        uploads.Began -= UploadBegan;
        uploads.AllEnded -= UploadsEnded;
        timer?.Dispose();
        lock (gate)
        {
            quietTimer?.Dispose();
        }
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        timer?.Dispose();
        quietTimer?.Dispose();
    }

    /// <summary>The first upload of a backup slows the queues that yield to uploads at once, not at the next tick.</summary>
    private void UploadBegan()
    {
        if (!slowedForUploads)
        {
            slowedForUploads = true; // one evaluation for a burst of parallel uploads
            ThreadPool.UnsafeQueueUserWorkItem(_ => Tick(), null); // off the request's thread
        }
    }

    /// <summary>
    /// When the last upload ends, the queues get their workers back after <see cref="GovernorRules.UploadQuiet"/> unless
    /// another upload began meanwhile (its own end starts the wait again).
    /// </summary>
    private void UploadsEnded()
    {
        var startedSoFar = uploads.Started;
        lock (gate)
        {
            quietTimer?.Dispose();
            quietTimer = time.CreateTimer(_ =>
            {
                if (uploads.Active == 0 && uploads.Started == startedSoFar)
                {
                    Tick(uploadsOver: true);
                }
            }, null, Rules.UploadQuiet, Timeout.InfiniteTimeSpan);
        }
    }

    private void Tick(bool uploadsOver = false)
    {
        try
        {
            Evaluate(uploadsOver);
        }
        catch (Exception e)
        {
            LogEvaluationFailed(logger, e);
        }
    }

    /// <summary>A sensor reader that throws must not stop the governor: the reading is then empty, with the reason.</summary>
    private HealthReading ReadSensors()
    {
        try
        {
            return sensors.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return new HealthReading { Problems = [$"sensors failed: {e.Message}"] };
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {Queue}: {From} → {To} of {Max} workers ({Reasons})")]
    private static partial void LogChange(ILogger logger, string queue, int from, int to, int max, string reasons);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health governor started ({Notes})")]
    private static partial void LogStarted(ILogger logger, string notes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Health governor evaluation failed")]
    private static partial void LogEvaluationFailed(ILogger logger, Exception exception);
}
