using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Health;

/// <summary>How much a queue's work loads the board: light (metadata parsing), heavy (image decoding), ML (inference).</summary>
public enum QueueLoad
{
    Light,
    Heavy,
    Ml,
}

/// <summary>
/// The thresholds the <see cref="HealthGovernor"/> applies, with Raspberry Pi 4 defaults. The firmware itself
/// throttles the ARM cores between 80 and 85 °C, so PiVault backs off before it does. Every "enter" threshold has a
/// lower "leave" one (hysteresis), so a reading hovering at a threshold does not flap the queues.
/// </summary>
public sealed record GovernorRules
{
    /// <summary>How often the sensors are read and the limits decided.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Heavy and ML queues run at half their workers (at least one) above this.</summary>
    public double SlowAboveC { get; init; } = 70;

    public double LightPauseAboveC { get; init; } = 85;

    public double HeavyPauseAboveC { get; init; } = 80;

    public double MlPauseAboveC { get; init; } = 78;

    /// <summary>Per-queue pause temperatures that override the load's default.</summary>
    public IReadOnlyDictionary<string, double> PauseAboveCByQueue { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        [JobKinds.ThumbnailQueue] = 82,
    };

    /// <summary>A temperature rule lets go only once the reading is this far below its threshold.</summary>
    public double CoolingMarginC { get; init; } = 4;

    /// <summary>After under-voltage clears, heavy queues stay at reduced workers this long (a weak supply dips again).</summary>
    public TimeSpan UndervoltageHold { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Heavy and ML queues pause below this share of MemAvailable/MemTotal, and resume above the second.</summary>
    public double LowMemoryPercent { get; init; } = 10;

    public double LowMemoryRecoverPercent { get; init; } = 15;

    /// <summary>Memory PSI (avg10, %) above which heavy and ML queues pause; they resume below half of each.</summary>
    public double MemoryPressureSomeAbove { get; init; } = 20;

    public double MemoryPressureFullAbove { get; init; } = 5;

    /// <summary>
    /// Uploads count as finished once none has run for this long: the queues they slowed get their workers back then,
    /// not at the next <see cref="Interval"/>. A phone's gaps between files are shorter, so a backup does not flap them.
    /// </summary>
    public TimeSpan UploadQuiet { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The loads that pause while uploads are arriving: ML waits until the phone backup is done.</summary>
    public IReadOnlySet<QueueLoad> YieldToUploads { get; init; } = new HashSet<QueueLoad> { QueueLoad.Ml };

    /// <summary>The loads that run at half their workers while uploads are arriving: thumbnails keep appearing, more slowly.</summary>
    public IReadOnlySet<QueueLoad> SlowForUploads { get; init; } = new HashSet<QueueLoad> { QueueLoad.Heavy };

    /// <summary>
    /// Optional: while an ML queue holds more than <see cref="MlBacklogAbove"/> jobs (the first scan of an imported
    /// library), it runs only inside this local-time window, so the first weeks do not keep the box hot all day.
    /// A small queue (today's new photos) runs at any time.
    /// </summary>
    public DailyWindow? MlNightWindow { get; init; }

    public long MlBacklogAbove { get; init; } = 500;

    public static GovernorRules Pi4 { get; } = new();

    /// <summary>
    /// A queue's load is its steps' (<see cref="JobSteps"/>); a queue not in the table is ML when named "ml" or
    /// "ml.*"/"ml-*", and heavy otherwise.
    /// </summary>
    public static QueueLoad LoadOf(string queue) => JobSteps.Production.InQueue(queue) switch
    {
        [var step, ..] => step.Load,
        _ when queue == "ml" || queue.StartsWith("ml.", StringComparison.Ordinal) || queue.StartsWith("ml-", StringComparison.Ordinal) => QueueLoad.Ml,
        _ => QueueLoad.Heavy,
    };

    public double PauseAboveC(string queue) => PauseAboveCByQueue.TryGetValue(queue, out var celsius) ? celsius : LoadOf(queue) switch
    {
        QueueLoad.Light => LightPauseAboveC,
        QueueLoad.Ml => MlPauseAboveC,
        _ => HeavyPauseAboveC,
    };
}
