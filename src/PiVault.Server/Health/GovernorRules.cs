using PiVault.Server.Configuration;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Health;

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

    /// <summary>
    /// The loads that run at half their workers while uploads are arriving. None by default: heavy work (thumbnails,
    /// video) keeps every worker and yields the CPU to the uploads by priority instead (<c>Features/Media/BackgroundPriority</c>),
    /// so a phone's backup is not slowed and its thumbnails appear as fast as the cores the uploads leave allow.
    /// </summary>
    public IReadOnlySet<QueueLoad> SlowForUploads { get; init; } = new HashSet<QueueLoad>();

    /// <summary>
    /// ML waits while photos wait for their thumbnails: the timeline first, then the search. On a small board the ML
    /// steps took the cores from the thumbnails of a burst of photos (bench/results/pipeline.md, the 2026-12-07 reading:
    /// 214–226 against 181 ms per photo); they start as soon as the thumbnail queue has nothing left to claim.
    /// </summary>
    public bool ThumbnailsFirst { get; init; } = true;

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

    /// <summary>
    /// These rules with the config file's governor object laid over them; a value that makes no sense stops the start-up
    /// with one plain sentence (<see cref="OptionsException"/>).
    /// </summary>
    public GovernorRules With(GovernorSettings settings)
    {
        var byQueue = new Dictionary<string, double>(PauseAboveCByQueue, StringComparer.Ordinal);
        if (settings.ThumbnailsPauseAboveC is { } thumbnails)
        {
            byQueue[JobKinds.ThumbnailQueue] = Positive(thumbnails, "thumbnailsPauseAboveC");
        }
        var result = this with
        {
            Interval = settings.IntervalSeconds is { } seconds ? TimeSpan.FromSeconds(Positive(seconds, "intervalSeconds")) : Interval,
            SlowAboveC = Positive(settings.SlowAboveC ?? SlowAboveC, "slowAboveC"),
            LightPauseAboveC = Positive(settings.LightPauseAboveC ?? LightPauseAboveC, "lightPauseAboveC"),
            HeavyPauseAboveC = Positive(settings.HeavyPauseAboveC ?? HeavyPauseAboveC, "heavyPauseAboveC"),
            MlPauseAboveC = Positive(settings.MlPauseAboveC ?? MlPauseAboveC, "mlPauseAboveC"),
            PauseAboveCByQueue = byQueue,
            CoolingMarginC = Positive(settings.CoolingMarginC ?? CoolingMarginC, "coolingMarginC"),
            UndervoltageHold = settings.UndervoltageHoldMinutes is { } minutes ? TimeSpan.FromMinutes(Positive(minutes, "undervoltageHoldMinutes")) : UndervoltageHold,
            LowMemoryPercent = Positive(settings.LowMemoryPercent ?? LowMemoryPercent, "lowMemoryPercent"),
            LowMemoryRecoverPercent = Positive(settings.LowMemoryRecoverPercent ?? LowMemoryRecoverPercent, "lowMemoryRecoverPercent"),
            MemoryPressureSomeAbove = Positive(settings.MemoryPressureSomeAbove ?? MemoryPressureSomeAbove, "memoryPressureSomeAbove"),
            MemoryPressureFullAbove = Positive(settings.MemoryPressureFullAbove ?? MemoryPressureFullAbove, "memoryPressureFullAbove"),
            MlNightWindow = settings.MlNightWindow is { } text
                ? DailyWindow.TryParse(text, out var error) ?? throw new OptionsException($"governor.mlNightWindow: {error}")
                : MlNightWindow,
            MlBacklogAbove = settings.MlBacklogAbove is { } backlog ? (long)Positive(backlog, "mlBacklogAbove") : MlBacklogAbove,
            ThumbnailsFirst = settings.ThumbnailsFirst ?? ThumbnailsFirst,
        };
        if (result.LowMemoryRecoverPercent < result.LowMemoryPercent)
        {
            throw new OptionsException("governor.lowMemoryRecoverPercent must not be below lowMemoryPercent (it is the level at which work resumes).");
        }
        return result;
    }

    public double PauseAboveC(string queue) => PauseAboveCByQueue.TryGetValue(queue, out var celsius) ? celsius : LoadOf(queue) switch
    {
        QueueLoad.Light => LightPauseAboveC,
        QueueLoad.Ml => MlPauseAboveC,
        _ => HeavyPauseAboveC,
    };

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new OptionsException($"governor.{name} must be a positive number, not {value}.");
}
