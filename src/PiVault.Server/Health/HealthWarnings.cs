using System.Globalization;
using PiVault.Hardware.Health;
using PiVault.Server.Features.Backup;
using PiVault.Server.Pipeline;
using PiVault.Server.Storage;

namespace PiVault.Server.Health;

/// <summary>Everything the warnings are worked out from: one moment's reading, queues, events and disks.</summary>
public sealed record HealthFacts(HealthReading Reading, IReadOnlyList<QueueHealthDto> Queues, IReadOnlyList<HealthEventCountDto> Events,
    IReadOnlyList<DiskDto> Disks, GovernorRules Rules, IReadOnlyList<StorageFault>? Storage = null, string? ColdTierMissing = null,
    BackupStatusDto? Backup = null, Features.Offsite.OffsiteStatusDto? Offsite = null);

/// <summary>
/// The one place that turns the board's state into sentences a household understands, each with what to do about
/// it. A sensor the board lacks gives no warning (the page lists those as notes); only what is wrong is said.
/// </summary>
public static class HealthWarnings
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Critical = "critical";

    /// <summary>A disk with less free space than this (percent) gets a warning, and below the second a critical one.</summary>
    public const double DiskLowPercent = 10;

    public const double DiskCriticalPercent = 3;

    /// <summary>The Pi 4's firmware throttles hard from here, whatever PiVault does.</summary>
    public const double FirmwareHardLimitC = 85;

    private const string PowerAdvice = "Use the official 5.1 V 3 A USB-C power supply; a long or thin cable drops voltage. "
        + "Drives powered from the Pi's USB ports add to the load: a powered USB hub or drive enclosure helps.";

    private const string CoolingAdvice = "Give the Pi air: a case with a fan, or a large heatsink case, keeps it well below 70 °C. "
        + "Keep it out of direct sun and away from radiators.";

    private const string MemoryAdvice = "If this keeps happening, turn off smart features on the Admin page, or stop other programs running on the Pi.";

    private static readonly string[] Levels = [Critical, Warning, Info];

    /// <summary>The warnings, most serious first.</summary>
    public static List<HealthWarningDto> For(HealthFacts facts)
    {
        var warnings = new List<HealthWarningDto?>
        {
            Power(facts),
            Heat(facts),
            Throttling(facts),
            Memory(facts),
            AdminPaused(facts.Queues),
            BackupWarnings.For(facts.Backup),
            OffsiteWarnings.For(facts.Offsite),
        };
        warnings.AddRange((facts.Storage ?? []).Select(Fault));
        warnings.Add(ColdTier(facts.ColdTierMissing));
        // A disk already named as full needs no "almost full" beside it.
        warnings.AddRange(facts.Disks.Where(d => !(facts.Storage ?? []).Any(f => f.Kind == DiskFaultKind.Full && d.Roles.Contains(f.Role))).Select(Disk));
        warnings.AddRange(facts.Queues.Select(Failed));
        return warnings.OfType<HealthWarningDto>().OrderBy(w => Array.IndexOf(Levels, w.Level)).ToList();
    }

    private static HealthWarningDto? Power(HealthFacts facts)
    {
        var events = Count(facts, HealthEventKinds.Undervoltage);
        const string Consequence = "When the voltage dips, the Pi slows down and can damage files on its card or drives. PiVault pauses heavy work while it happens.";
        if (facts.Reading.UndervoltageNow == true)
        {
            return new(Critical, "Power supply too weak: under-voltage right now",
                F($"The Pi is not getting enough power ({Times(events?.Today ?? 1)} today). {Consequence}"), PowerAdvice);
        }
        if (events is { Today: > 0 } or { Last24Hours: > 0 })
        {
            var when = events.Today > 0 ? F($"{Times(events.Today)} today") : F($"{Times(events.Last24Hours)} in the last 24 hours");
            return new(Warning, $"Power supply too weak: under-voltage detected {when}", Consequence, PowerAdvice);
        }
        return events?.SinceBoot == true
            ? new(Info, "The power supply dipped since the Pi was switched on",
                "The Pi's firmware noticed under-voltage at some point since it started, though not in the last 24 hours.", PowerAdvice)
            : null;
    }

    private static HealthWarningDto? Heat(HealthFacts facts)
    {
        if (facts.Reading.CpuTemperatureC is not { } celsius)
        {
            return null;
        }
        var paused = facts.Queues.Where(q => q.Heat == "pause").ToList();
        if (paused.Count > 0)
        {
            var until = string.Join(", ", paused.Select(q =>
                F($"{q.Label.ToLowerInvariant()} paused until it cools below {facts.Rules.PauseAboveC(q.Queue) - facts.Rules.CoolingMarginC:F0} °C")));
            return new(celsius >= FirmwareHardLimitC ? Critical : Warning, F($"Running hot: {celsius:F0} °C, {until}"),
                "Photos are still backed up; processing them waits until the Pi has cooled down.", CoolingAdvice);
        }
        var slowed = facts.Queues.Any(q => q.Heat == "slow");
        return slowed
            ? new(Info, F($"Warm: {celsius:F0} °C, photo processing slowed until it cools below {facts.Rules.SlowAboveC - facts.Rules.CoolingMarginC:F0} °C"),
                "PiVault uses fewer workers so the Pi does not overheat.", CoolingAdvice)
            : null;
    }

    private static HealthWarningDto? Throttling(HealthFacts facts)
    {
        var flags = facts.Reading.Throttled;
        var events = Count(facts, HealthEventKinds.Throttled);
        var now = flags is { } f && (f.FrequencyCappedNow || f.ThrottledNow);
        if (!now && events is not ({ Today: > 0 } or { Last24Hours: > 0 }))
        {
            return null;
        }
        var when = events is { Today: > 0 } ? F($"{Times(events.Today)} today") : F($"{Times(events?.Last24Hours ?? 1)} in the last 24 hours");
        return new(Warning, now ? "The Pi is slowing itself down right now" : $"The Pi slowed itself down {when}",
            "Its firmware lowered the processor speed because it was too hot or short of power, so everything takes longer.",
            "Check both cooling and power: a case with a fan keeps the Pi cool, and the official 5.1 V 3 A USB-C supply keeps it powered.");
    }

    private static HealthWarningDto? Memory(HealthFacts facts)
    {
        var rules = facts.Rules;
        if (facts.Reading.Memory is { } memory && memory.AvailablePercent < rules.LowMemoryPercent)
        {
            return new(Warning, F($"Low on memory: {memory.AvailablePercent:F0} % free"),
                F($"PiVault pauses heavy work until more than {rules.LowMemoryRecoverPercent:F0} % of the memory is free again."), MemoryAdvice);
        }
        if (facts.Reading.MemoryPressure is { } psi && (psi.SomeAvg10 > rules.MemoryPressureSomeAbove || psi.FullAvg10 > rules.MemoryPressureFullAbove))
        {
            return new(Warning, "Low on memory: programs are waiting for memory",
                F($"For {psi.SomeAvg10:F0} % of the last 10 seconds something on the Pi had to wait for memory. PiVault pauses heavy work until it eases."),
                MemoryAdvice);
        }
        return null;
    }

    private static HealthWarningDto? AdminPaused(IReadOnlyList<QueueHealthDto> queues)
    {
        var paused = queues.Where(q => q.PausedByAdmin).Select(q => q.Label.ToLowerInvariant()).ToList();
        return paused.Count == 0
            ? null
            : new(Info, "Photo processing is paused by an administrator",
                $"Paused: {string.Join(", ", paused)}. New photos are still backed up; this work waits until it is resumed.",
                "Resume it on the Admin page.");
    }

    private static HealthWarningDto? Disk(DiskDto disk)
    {
        if (disk.FreePercent >= DiskLowPercent)
        {
            return null;
        }
        var drive = disk.Roles.Contains(StorageRoles.Library) ? "the library drive"
            : disk.Roles.Contains(StorageRoles.Cold) ? "the cold-storage drive" : "the data drive";
        return new(disk.FreePercent < DiskCriticalPercent ? Critical : Warning, F($"Disk almost full: {disk.FreePercent:F0} % free on {drive}"),
            F($"{Gigabytes(disk.FreeBytes)} of {Gigabytes(disk.TotalBytes)} left. When it is full, phones can no longer back up."),
            "Empty the trash, delete photos and videos you do not need, or move the library to a larger drive.");
    }

    /// <summary>The cold tier is configured but its folder is empty or gone: what is on it is offline, never lost.</summary>
    private static HealthWarningDto? ColdTier(string? missingRoot) => missingRoot is null ? null : new(Warning,
        "Cold-storage drive not attached",
        $"Older photos and videos moved to the cold-storage drive ({missingRoot}) still show in the timeline, with their thumbnails, "
        + "but cannot be downloaded or opened full size until it is back. Nothing is lost, and no more originals move there meanwhile.",
        "Plug the cold-storage drive back in and check its cable and power. PiVault notices by itself once it is back.");

    /// <summary>A disk that is full, read-only or gone: uploads are refused (507/503) and jobs wait until it is fixed.</summary>
    private static HealthWarningDto Fault(StorageFault fault)
    {
        var drive = fault.Role switch { StorageRoles.Library => "library", StorageRoles.Cold => "cold-storage", _ => "data" };
        var title = fault.Kind switch
        {
            DiskFaultKind.Full => $"{Capital(drive)} disk is full",
            DiskFaultKind.ReadOnly => $"{Capital(drive)} disk is read-only",
            _ => $"{Capital(drive)} disk is missing",
        };
        var detail = fault.Kind switch
        {
            DiskFaultKind.Full => "A write failed for lack of space: phones cannot back up and new photos are not processed until there is room.",
            DiskFaultKind.ReadOnly => "The drive can be read but not written, often because the system found an error on it. Phones cannot back up; photo processing waits.",
            _ => $"The drive is not there ({fault.Path} is gone or empty): it may be unplugged or not mounted. Phones cannot back up; photo processing waits.",
        };
        var advice = fault.Kind switch
        {
            DiskFaultKind.Full => "Empty the trash, delete photos and videos you do not need, or move the library to a larger drive. PiVault carries on by itself.",
            DiskFaultKind.ReadOnly => "Check the drive and its cable, then restart the Pi; if it happens again, the drive may be failing. Nothing already backed up is lost.",
            _ => "Reconnect the drive (a powered USB hub helps if it keeps dropping out). PiVault carries on by itself once it is back.",
        };
        return new(Critical, title, detail, advice);
    }

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private static HealthWarningDto? Failed(QueueHealthDto queue)
    {
        if (queue.Failed == 0)
        {
            return null;
        }
        var (one, many) = Nouns(queue.Queue);
        return new(Warning, F($"Failed jobs: {queue.Failed} {(queue.Failed == 1 ? one : many)} failed — see Admin"),
            F($"PiVault tried each up to {JobRunner.MaxAttempts} times. The originals are safe; a damaged or unsupported file stays failed."),
            "Open the Admin page to see the errors and run the failed jobs again.");
    }

    /// <summary>The name a household member knows a queue by: its steps' labels (<see cref="JobSteps"/>).</summary>
    public static string Label(string queue) => JobSteps.Production.InQueue(queue) switch
    {
        [var step] => step.Label,
        [_, ..] and var steps => string.Join(" and ", steps.Select(s => s.Label).Distinct()),
        _ when GovernorRules.LoadOf(queue) == QueueLoad.Ml => "Smart features",
        _ => queue,
    };

    private static (string One, string Many) Nouns(string queue) => JobSteps.Production.InQueue(queue) switch
    {
        [var step] => (step.One, step.Many),
        _ => ($"{Label(queue).ToLowerInvariant()} job", $"{Label(queue).ToLowerInvariant()} jobs"),
    };

    private static HealthEventCountDto? Count(HealthFacts facts, string kind) => facts.Events.FirstOrDefault(e => e.Kind == kind);

    private static string Times(int count) => count == 1 ? "once" : F($"{count} times");

    private static string Gigabytes(long bytes) => F($"{bytes / 1e9:F1} GB");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
