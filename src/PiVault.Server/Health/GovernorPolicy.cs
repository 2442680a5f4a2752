using System.Globalization;
using PiVault.Hardware.Health;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Health;

/// <summary>What the CPU temperature does to a queue: nothing, fewer workers, or a pause.</summary>
public enum HeatLevel
{
    Normal,
    Slow,
    Pause,
}

/// <summary>
/// One queue's limit right now and every rule that set it (empty when it runs at full strength); <see cref="Heat"/>
/// says whether the temperature rule is among them, for whoever counts or explains heat pauses.
/// </summary>
public sealed record QueueDecision(string Queue, QueueLoad Load, int MaxWorkers, int AllowedWorkers, IReadOnlyList<string> Reasons, HeatLevel Heat = HeatLevel.Normal);

/// <summary>
/// The governor's rules as a pure state machine: a reading and the time in, a limit per queue out. It keeps only
/// what hysteresis needs (each queue's heat level, the memory flags, when under-voltage was last seen).
/// </summary>
internal sealed class GovernorPolicy(GovernorRules rules, TimeZoneInfo localZone)
{
    private readonly Dictionary<string, HeatLevel> heat = new(StringComparer.Ordinal);
    private bool lowMemory;
    private bool memoryPressure;
    private DateTimeOffset? undervoltageSeen;

    /// <param name="unfinishedJobs">
    /// A queue's unfinished jobs, ready to claim or running (0 while an admin has paused it: <c>JobQueue.Unfinished</c>);
    /// asked for the thumbnail queue when ML waits for thumbnails, and for ML queues when a night window is set.
    /// </param>
    public IReadOnlyList<QueueDecision> Decide(HealthReading reading, DateTimeOffset now, bool uploading, IReadOnlyDictionary<string, int> maxWorkers,
        Func<string, long> unfinishedJobs)
    {
        UpdateShared(reading, now);
        var thumbnailsWaiting = new Lazy<long>(() => rules.ThumbnailsFirst ? unfinishedJobs(JobKinds.ThumbnailQueue) : 0);
        return maxWorkers.Select(q => DecideQueue(q.Key, q.Value, reading, now, uploading, unfinishedJobs, thumbnailsWaiting)).ToList();
    }

    /// <summary>Which rules cannot apply because the board or kernel lacks the sensor.</summary>
    public static IReadOnlyList<string> Notes(HealthReading reading)
    {
        var notes = new List<string>();
        if (reading.CpuTemperatureC is null)
        {
            notes.Add("no cpu-thermal sensor: temperature rules are inactive");
        }
        if (reading.UndervoltageNow is null)
        {
            notes.Add("no under-voltage signal (needs a Raspberry Pi kernel): power rules are inactive");
        }
        if (reading.Memory is null)
        {
            notes.Add("no /proc/meminfo: the low-memory rule is inactive");
        }
        if (reading.MemoryPressure is null)
        {
            notes.Add("no memory PSI (CONFIG_PSI): the memory-pressure rule is inactive");
        }
        notes.AddRange(reading.Problems);
        return notes;
    }

    private void UpdateShared(HealthReading reading, DateTimeOffset now)
    {
        lowMemory = reading.Memory is { } memory
            && memory.AvailablePercent < (lowMemory ? rules.LowMemoryRecoverPercent : rules.LowMemoryPercent);
        memoryPressure = reading.MemoryPressure is { } psi && (memoryPressure
            ? psi.SomeAvg10 >= rules.MemoryPressureSomeAbove / 2 || psi.FullAvg10 >= rules.MemoryPressureFullAbove / 2
            : psi.SomeAvg10 > rules.MemoryPressureSomeAbove || psi.FullAvg10 > rules.MemoryPressureFullAbove);
        if (reading.UndervoltageNow == true)
        {
            undervoltageSeen = now;
        }
    }

    private QueueDecision DecideQueue(string queue, int max, HealthReading reading, DateTimeOffset now, bool uploading, Func<string, long> unfinishedJobs,
        Lazy<long> thumbnailsWaiting)
    {
        var load = GovernorRules.LoadOf(queue);
        var half = Math.Max(1, max / 2);
        var caps = new List<(int Cap, string Reason)>();
        var heatLevel = UpdateHeat(queue, load, reading.CpuTemperatureC);
        switch (heatLevel)
        {
            case HeatLevel.Pause:
                caps.Add((0, F($"CPU at {reading.CpuTemperatureC:F1} °C: paused above {rules.PauseAboveC(queue):F0} °C until below {rules.PauseAboveC(queue) - rules.CoolingMarginC:F0} °C")));
                break;
            case HeatLevel.Slow:
                caps.Add((half, F($"CPU at {reading.CpuTemperatureC:F1} °C: slowed above {rules.SlowAboveC:F0} °C until below {rules.SlowAboveC - rules.CoolingMarginC:F0} °C")));
                break;
        }
        if (load != QueueLoad.Light)
        {
            if (reading.UndervoltageNow == true)
            {
                caps.Add((0, "under-voltage: the power supply cannot keep up"));
            }
            else if (undervoltageSeen is { } seen && now - seen < rules.UndervoltageHold)
            {
                caps.Add((half, F($"under-voltage {(now - seen).TotalSeconds:F0} s ago: reduced for {rules.UndervoltageHold.TotalMinutes:F0} min after it clears")));
            }
            if (lowMemory)
            {
                caps.Add((0, F($"low memory: {reading.Memory!.AvailablePercent:F1} % available, paused below {rules.LowMemoryPercent:F0} % until above {rules.LowMemoryRecoverPercent:F0} %")));
            }
            if (memoryPressure)
            {
                var psi = reading.MemoryPressure!;
                caps.Add((0, F($"memory pressure: some {psi.SomeAvg10:F1} %, full {psi.FullAvg10 ?? 0:F1} % of the last 10 s")));
            }
        }
        if (uploading && rules.YieldToUploads.Contains(load))
        {
            caps.Add((0, "uploads in progress: waiting until the backup is done"));
        }
        else if (uploading && rules.SlowForUploads.Contains(load))
        {
            caps.Add((half, "uploads in progress: slowed to leave room for the backup"));
        }
        if (load == QueueLoad.Ml && thumbnailsWaiting.Value is > 0 and var waiting)
        {
            caps.Add((0, F($"thumbnails first: {waiting} photos wait for theirs")));
        }
        if (load == QueueLoad.Ml && rules.MlNightWindow is { } window && !window.Contains(LocalTimeOfDay(now))
            && unfinishedJobs(queue) is var backlog && backlog > rules.MlBacklogAbove)
        {
            caps.Add((0, F($"a backlog of {backlog} jobs runs at night ({window}); fewer than {rules.MlBacklogAbove + 1} run at any time")));
        }
        var allowed = caps.Count == 0 ? max : Math.Min(max, caps.Min(c => c.Cap));
        return new QueueDecision(queue, load, max, allowed, caps.Select(c => c.Reason).ToList(), heatLevel);
    }

    /// <summary>Steps up as soon as a threshold is crossed; steps down only once the reading is a margin below it.</summary>
    private HeatLevel UpdateHeat(string queue, QueueLoad load, double? celsius)
    {
        var current = heat.GetValueOrDefault(queue);
        if (celsius is not { } c)
        {
            return heat[queue] = HeatLevel.Normal;
        }
        var pause = rules.PauseAboveC(queue);
        var slow = load == QueueLoad.Light ? double.PositiveInfinity : rules.SlowAboveC;
        var level = c > pause ? HeatLevel.Pause : c > slow ? HeatLevel.Slow : HeatLevel.Normal;
        if (current == HeatLevel.Pause && level < HeatLevel.Pause && c > pause - rules.CoolingMarginC)
        {
            level = HeatLevel.Pause;
        }
        if (current >= HeatLevel.Slow && level < HeatLevel.Slow && c > slow - rules.CoolingMarginC)
        {
            level = HeatLevel.Slow;
        }
        return heat[queue] = level;
    }

    private TimeOnly LocalTimeOfDay(DateTimeOffset now) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, localZone).DateTime);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
