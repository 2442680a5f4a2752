using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Linux;
using PiVault.Server.Data;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Bench.Governor;

/// <summary>One heat-then-cool cycle; times in ms from the moment the new temperature was in the file.</summary>
/// <param name="HeatWaitMs">Until the evaluation that saw the heat started reading: the timer's wait, set by the phase.</param>
/// <param name="PauseEvaluationMs">That evaluation, from its first file read to the decision being visible to the runner.</param>
/// <param name="PausedTicks">Governor intervals between the pause and the resume decision.</param>
internal sealed record Cycle(
    double HeatWaitMs, double PauseDetectMs, double PauseEvaluationMs, int InFlightAtPause, double DrainMs, int StartedWhilePaused, int AskedAfterPause,
    double CoolWaitMs, double ResumeDetectMs, int PausedTicks, double FirstStartMs, IReadOnlyList<(double AskedBeforeMs, double StartedAfterMs)> Raced);

/// <param name="AskToStartMs">For every job: from the runner reading its limit to the handler starting (the check-then-claim window).</param>
internal sealed record PauseResult(TimeSpan Interval, IReadOnlyList<Cycle> Cycles, Summary TickPeriodMs, Summary AskToStartMs, int JobsStarted, long PendingLeft, int Jobs);

/// <summary>
/// Part 2: the real job runner on a real SQLite queue, governed by the real governor under its real timer (TimeProvider.System)
/// reading a fake Raspberry Pi sysfs tree. The bench writes a temperature above the thumbnails pause threshold at a chosen
/// phase of the governor's timer, and watches when the governor decides, when the last running job ends, and that no job is
/// claimed after the decision; then it cools the tree below the hysteresis margin and watches the queue resume.
/// </summary>
internal sealed class PauseLatency
{
    /// <summary>Just above the thumbnails pause threshold (82 °C) and just below its release (82 − 4 °C).</summary>
    public const double HotC = 83;
    public const double CoolC = 77;

    private readonly Lock gate = new();
    private readonly List<Tick> ticks = [];
    private readonly List<JobRun> runs = [];
    private int running;

    public static async Task<PauseResult> RunAsync(TimeSpan interval, int cycles, int jobs, int seed)
    {
        var dir = Path.Combine(Path.GetTempPath(), "pivault-bench-governor", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            return await new PauseLatency().RunAsync(dir, interval, cycles, jobs, new Random(seed));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private async Task<PauseResult> RunAsync(string dir, TimeSpan interval, int cycles, int jobs, Random random)
    {
        var database = new Database(Path.Combine(dir, "pivault.db"));
        database.Initialize();
        var queue = new JobQueue(database, TimeProvider.System);
        Seed(database, queue, jobs);
        var tree = new FakeSysfsTree(Path.Combine(dir, "root")).IdlePi4().Temperature(CoolC);
        var sensors = new TimedSensors(new LinuxHealthSensors(tree.Root));
        using var governor = SensorLoop.Governor(sensors, interval, 4);
        governor.Evaluated += snapshot =>
        {
            var at = Stopwatch.GetTimestamp();
            lock (gate)
            {
                ticks.Add(new Tick(sensors.ReadStartedAt, at, snapshot.AllowedWorkers(JobKinds.ThumbnailQueue), Volatile.Read(ref running)));
            }
        };
        var pipeline = new JobPipeline(new Dictionary<string, JobHandler>
        {
            [JobKinds.Metadata] = (_, _) => Task.CompletedTask,
            [JobKinds.Thumbnails] = ThumbnailAsync,
            [JobKinds.VideoPlayback] = (_, _) => Task.CompletedTask,
        });
        using var runner = new JobRunner(queue, pipeline, new AskRecordingLimits(governor), database, NullLogger<JobRunner>.Instance);
        await governor.StartAsync(CancellationToken.None);
        await runner.StartAsync(CancellationToken.None);
        var results = new List<Cycle>();
        try
        {
            var heatPhases = Stratified(cycles, random);
            var coolPhases = Stratified(cycles, random);
            await WaitUntilAsync(() => Volatile.Read(ref running) > 0, TimeSpan.FromSeconds(10));
            for (var i = 0; i < cycles; i++)
            {
                // Every other pause lasts one interval longer: how long the board stays hot is arbitrary, and the runner's
                // 2 s idle poll beats against the governor's interval, so both parities of the pause length are measured
                // (a resume should wake the workers at once, whatever the parity).
                results.Add(await CycleAsync(tree, interval, heatPhases[i], coolPhases[i] + i % 2));
            }
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
            await governor.StopAsync(CancellationToken.None);
        }
        List<double> periods;
        lock (gate)
        {
            periods = ticks.Zip(ticks.Skip(1), (a, b) => CpuClock.ElapsedMs(a.ReadStart, b.ReadStart)).ToList();
        }
        var pending = queue.Counts(JobKinds.ThumbnailQueue).Pending;
        lock (gate)
        {
            return new PauseResult(interval, results, Summary.Of(periods), Summary.Of(runs.Select(r => CpuClock.ElapsedMs(r.AskedAt, r.StartedAt))), runs.Count, pending, jobs);
        }
    }

    private async Task<Cycle> CycleAsync(FakeSysfsTree tree, TimeSpan interval, double heatPhase, double coolPhase)
    {
        // Heat while a job is running, so the drain has something to wait for.
        await WaitUntilAsync(() => Volatile.Read(ref running) > 0, TimeSpan.FromSeconds(10));
        var heated = await WriteAtPhaseAsync(tree, interval, heatPhase, HotC);
        var pause = await NextTickAsync(heated, t => t.Allowed == 0, interval);
        await WaitUntilQuietAsync();
        var cooled = await WriteAtPhaseAsync(tree, interval, coolPhase, CoolC);
        var resume = await NextTickAsync(cooled, t => t.Allowed > 0, interval);
        await WaitUntilAsync(() => FirstStartAfter(resume.At) is not null, TimeSpan.FromSeconds(10));
        var firstStart = FirstStartAfter(resume.At) ?? long.MaxValue;
        lock (gate)
        {
            // Drained: the last job that started before the cooling ended (none starts while paused, unless it raced the decision).
            var drained = Math.Max(pause.At, runs.Where(r => r.StartedAt < cooled).Max(r => r.EndedAt));
            var whilePaused = runs.Where(r => r.StartedAt > pause.At && r.StartedAt < resume.At).ToList();
            return new Cycle(
                CpuClock.ElapsedMs(heated, pause.ReadStart), CpuClock.ElapsedMs(heated, pause.At), CpuClock.ElapsedMs(pause.ReadStart, pause.At), pause.Running,
                CpuClock.ElapsedMs(pause.At, drained), whilePaused.Count, whilePaused.Count(r => r.AskedAt > pause.At),
                CpuClock.ElapsedMs(cooled, resume.ReadStart), CpuClock.ElapsedMs(cooled, resume.At), ticks.Count(t => t.At > pause.At && t.At <= resume.At),
                CpuClock.ElapsedMs(cooled, firstStart),
                whilePaused.Select(r => (CpuClock.ElapsedMs(r.AskedAt, pause.At), CpuClock.ElapsedMs(pause.At, r.StartedAt))).ToList());
        }
    }

    /// <summary>
    /// Sleeps until <paramref name="phase"/> (in intervals) after a governor tick, then writes the temperature and
    /// returns when it was in place. The value is written beside the file and renamed over it: a real sysfs read is atomic,
    /// while a plain rewrite could be read half-way (empty) by an evaluation running at that moment.
    /// </summary>
    private async Task<long> WriteAtPhaseAsync(FakeSysfsTree tree, TimeSpan interval, double phase, double celsius)
    {
        long lastTick;
        lock (gate)
        {
            lastTick = ticks[^1].At;
        }
        var period = (long)(interval.TotalSeconds * Stopwatch.Frequency);
        var target = lastTick + (long)(phase * period);
        while (target < Stopwatch.GetTimestamp() + Stopwatch.Frequency / 500)
        {
            target += period;
        }
        await Task.Delay(TimeSpan.FromSeconds((double)(target - Stopwatch.GetTimestamp()) / Stopwatch.Frequency));
        var path = Path.Combine(tree.Root, "sys/class/thermal/thermal_zone0/temp");
        File.WriteAllText(path + ".new", ((long)Math.Round(celsius * 1000)).ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".new", path, overwrite: true);
        return Stopwatch.GetTimestamp();
    }

    private async Task<Tick> NextTickAsync(long after, Func<Tick, bool> match, TimeSpan interval)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(4 * interval.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            lock (gate)
            {
                foreach (var tick in ticks)
                {
                    if (tick.At > after && match(tick))
                    {
                        return tick;
                    }
                }
            }
            await Task.Delay(5);
        }
        throw new TimeoutException("the governor did not decide within four intervals");
    }

    private long? FirstStartAfter(long at)
    {
        lock (gate)
        {
            return runs.Where(r => r.StartedAt > at).Select(r => (long?)r.StartedAt).FirstOrDefault();
        }
    }

    /// <summary>A thumbnail job that takes 50–200 ms (a sleep: the runner's and governor's timing is what is measured).</summary>
    private async Task ThumbnailAsync(Job job, CancellationToken cancel)
    {
        // Read before the first await: the runner asked for its limit on this thread just before claiming this job.
        var run = new JobRun(AskRecordingLimits.LastAsk, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref running);
        lock (gate)
        {
            runs.Add(run);
        }
        try
        {
            await Task.Delay(Random.Shared.Next(50, 201), cancel);
        }
        finally
        {
            lock (gate)
            {
                run.EndedAt = Stopwatch.GetTimestamp();
            }
            Interlocked.Decrement(ref running);
        }
    }

    /// <summary>One phase per equal slice of the interval, shuffled: a few cycles still cover the whole interval.</summary>
    private static double[] Stratified(int count, Random random)
    {
        var phases = Enumerable.Range(0, count).Select(i => (i + random.NextDouble()) / count).ToArray();
        random.Shuffle(phases);
        return phases;
    }

    /// <summary>Until no job has run for 50 ms: a job that raced the pause decision has started by then.</summary>
    private async Task WaitUntilQuietAsync()
    {
        var quietSince = Stopwatch.GetTimestamp();
        while (CpuClock.ElapsedMs(quietSince, Stopwatch.GetTimestamp()) < 50)
        {
            await Task.Delay(2);
            if (Volatile.Read(ref running) > 0)
            {
                await WaitUntilAsync(() => Volatile.Read(ref running) == 0, TimeSpan.FromSeconds(10));
                quietSince = Stopwatch.GetTimestamp();
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("the runner did not reach the expected state in time");
            }
            await Task.Delay(2);
        }
    }

    /// <summary>Assets with a pending thumbnails job each, enough that the queue never runs dry during the run.</summary>
    private static void Seed(Database database, JobQueue queue, int jobs)
    {
        using var db = database.Open();
        db.Execute("INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ('u', 'u@x', 'u', 'x', 0, 0);");
        using var transaction = db.BeginTransaction();
        for (var n = 0; n < jobs; n++)
        {
            var id = Guid.CreateVersion7().ToString();
            db.Execute(
                """
                INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size,
                                    file_created_at, file_modified_at, taken_at, created_at, updated_at)
                VALUES ($id, 'u', $checksum, 'image', $path, 'a.jpg', 'image/jpeg', 1, 0, 0, 0, 0, 0);
                """,
                ("$id", id), ("$checksum", BitConverter.GetBytes(n)), ("$path", $"u/{id}.jpg"));
            queue.Enqueue(db, JobKinds.Thumbnails, id);
        }
        transaction.Commit();
    }
}

/// <summary>One thumbnails job: when the runner read its limit for it, when it started and ended (0 while running).</summary>
internal sealed class JobRun(long askedAt, long startedAt)
{
    public long AskedAt { get; } = askedAt;

    public long StartedAt { get; } = startedAt;

    public long EndedAt { get; set; }
}

/// <summary>One governor evaluation: when it started reading, when its decision was visible, and what it decided.</summary>
internal readonly record struct Tick(long ReadStart, long At, int Allowed, int Running);

/// <summary>
/// Passes the governor's limits through and notes, per thread, when the runner last asked. The runner asks and claims
/// in one synchronous step and starts the handler on the same thread, so the handler can tell whether its job was
/// allowed by a limit read before or after a pause decision.
/// </summary>
internal sealed class AskRecordingLimits(IWorkerLimits inner) : IWorkerLimits
{
    [ThreadStatic]
    private static long lastAsk;

    public static long LastAsk => lastAsk;

    public event Action<string>? LimitRaised
    {
        add => inner.LimitRaised += value;
        remove => inner.LimitRaised -= value;
    }

    public int MaxWorkers(string queue) => inner.MaxWorkers(queue);

    public int AllowedWorkers(string queue)
    {
        if (queue == JobKinds.ThumbnailQueue)
        {
            lastAsk = Stopwatch.GetTimestamp(); // before the read: an ask stamped after the decision must see it
        }
        return inner.AllowedWorkers(queue);
    }
}
