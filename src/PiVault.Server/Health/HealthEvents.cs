namespace PiVault.Server.Health;

public static class HealthEventKinds
{
    /// <summary>The supply's voltage dropped (UndervoltageNow went from false to true).</summary>
    public const string Undervoltage = "undervoltage";

    /// <summary>The firmware capped or throttled the CPU frequency.</summary>
    public const string Throttled = "throttled";

    /// <summary>The governor paused a queue for heat.</summary>
    public const string ThermalPause = "thermal-pause";

    public static readonly IReadOnlyList<string> All = [Undervoltage, Throttled, ThermalPause];
}

/// <summary>
/// Counts episodes, not readings: each evaluation's reading is compared with the previous one and an event is kept
/// when a condition starts (false → true), so a supply that stays weak for an hour is one episode, and one that
/// dips three times is three. Events older than a day (plus DST slack) fall off.
/// </summary>
public sealed class HealthEvents
{
    /// <summary>A flapping signal must not grow the persisted file without bound.</summary>
    public const int Capacity = 1000;

    private static readonly long KeepSeconds = (long)TimeSpan.FromHours(26).TotalSeconds;
    private readonly Lock gate = new();
    private readonly List<HealthEvent> events = [];
    private readonly Dictionary<string, bool> active = new(StringComparer.Ordinal);

    /// <summary>Records the episodes that start with this snapshot; returns whether any did.</summary>
    public bool Observe(GovernorSnapshot snapshot)
    {
        var reading = snapshot.Reading;
        var at = snapshot.At.ToUnixTimeSeconds();
        lock (gate)
        {
            var started = Update(HealthEventKinds.Undervoltage, reading.UndervoltageNow == true, at)
                | Update(HealthEventKinds.Throttled, reading.Throttled is { } t && (t.FrequencyCappedNow || t.ThrottledNow), at)
                | Update(HealthEventKinds.ThermalPause, snapshot.Queues.Any(q => q.Heat == HeatLevel.Pause), at);
            events.RemoveAll(e => e.At < at - KeepSeconds);
            if (events.Count > Capacity)
            {
                events.RemoveRange(0, events.Count - Capacity);
            }
            return started;
        }
    }

    /// <summary>The events of the last 24 h, oldest first.</summary>
    public List<HealthEvent> Last24Hours(DateTimeOffset now)
    {
        var since = (now - TimeSpan.FromDays(1)).ToUnixTimeSeconds();
        lock (gate)
        {
            return events.Where(e => e.At >= since).ToList();
        }
    }

    /// <summary>Everything kept, for the history file.</summary>
    public List<HealthEvent> All()
    {
        lock (gate)
        {
            return [.. events];
        }
    }

    /// <summary>Merges events read from the history file with any seen since start-up.</summary>
    public void Restore(IEnumerable<HealthEvent> loaded)
    {
        lock (gate)
        {
            var merged = events.Concat(loaded).Where(e => HealthEventKinds.All.Contains(e.Kind)).Distinct().OrderBy(e => e.At).TakeLast(Capacity).ToList();
            events.Clear();
            events.AddRange(merged);
        }
    }

    /// <summary>Episodes per kind since local midnight in <paramref name="zone"/> and in the last 24 h.</summary>
    public List<HealthEventCountDto> Counts(DateTimeOffset now, TimeZoneInfo zone, PiVault.Hardware.Health.ThrottleFlags? firmware)
    {
        var midnight = LocalMidnight(now, zone).ToUnixTimeSeconds();
        var dayAgo = (now - TimeSpan.FromDays(1)).ToUnixTimeSeconds();
        var kept = All(); // a day with a DST change can have 25 h since midnight
        return HealthEventKinds.All.Select(kind => new HealthEventCountDto(kind,
            kept.Count(e => e.Kind == kind && e.At >= midnight), kept.Count(e => e.Kind == kind && e.At >= dayAgo), kind switch
            {
                HealthEventKinds.Undervoltage => firmware?.UndervoltageOccurred,
                HealthEventKinds.Throttled => firmware is { } f ? f.FrequencyCappedOccurred || f.ThrottledOccurred : null,
                _ => null,
            })).ToList();
    }

    public static DateTimeOffset LocalMidnight(DateTimeOffset now, TimeZoneInfo zone)
    {
        var date = TimeZoneInfo.ConvertTime(now, zone).Date;
        return new DateTimeOffset(date, zone.GetUtcOffset(date));
    }

    private bool Update(string kind, bool now, long at)
    {
        var was = active.GetValueOrDefault(kind);
        active[kind] = now;
        if (now && !was)
        {
            events.Add(new HealthEvent(at, kind));
            return true;
        }
        return false;
    }
}
