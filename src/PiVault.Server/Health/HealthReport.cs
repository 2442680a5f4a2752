using PiVault.Hardware.Led;
using PiVault.Ml.Models;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Ml;
using PiVault.Server.Features.Settings;
using PiVault.Server.Health.Hardware;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Health;

/// <summary>Puts together GET /api/v1/system/health from the governor, the history, the queues and the disks.</summary>
public sealed class HealthReport(
    HealthGovernor governor, HealthHistory history, JobQueue queue, DiskSpace disks, StorageFaults storage, SettingsService settings, TimeProvider time,
    ButtonWatcher button, IStatusLed led, ColdTierStore cold, BackupRotation backup, MlFeatures ml, ModelLibrary models,
    Features.Offsite.OffsiteScheduler offsite)
{
    public SystemHealthDto Current()
    {
        var snapshot = governor.Current;
        var now = time.GetUtcNow();
        var queues = snapshot.Queues.Select(Queue).ToList();
        var diskList = disks.Read();
        var counts = history.Events.Counts(now, HouseholdZone(), snapshot.Reading.Throttled);
        var backupStatus = backup.Status();
        var offsiteStatus = offsite.Status();
        var warnings = HealthWarnings.For(new HealthFacts(snapshot.Reading, queues, counts, diskList, governor.Rules, storage.Current(),
            cold.IsConfigured && !cold.IsAttached ? cold.Root : null, backupStatus, offsiteStatus));
        return new SystemHealthDto(snapshot.At, snapshot.Reading, queues, [.. snapshot.Notes], history.Samples(),
            warnings, diskList, counts, history.Events.Last24Hours(now), Thresholds(snapshot), button.Current(), Led(led.Status), backupStatus,
            MlEndpoints.Status(ml, models), offsiteStatus);
    }

    private static StatusLedDto Led(LedStatus status) =>
        new(status.State.ToString().ToLowerInvariant(), status.Name, status.Pattern.ToString().ToLowerInvariant(), status.Detail);

    /// <summary>"Today" is the household's: the time zone chosen in the setup wizard, else the system's.</summary>
    private TimeZoneInfo HouseholdZone() => settings.HouseholdZone();

    private QueueHealthDto Queue(QueueDecision decision)
    {
        var counts = queue.Counts(decision.Queue);
        return new QueueHealthDto(decision.Queue, decision.Load.ToString().ToLowerInvariant(), decision.MaxWorkers, decision.AllowedWorkers,
            [.. decision.Reasons], counts.Pending, counts.Running, counts.Failed, counts.Paused, HealthWarnings.Label(decision.Queue),
            queue.Throughput.PerMinute(decision.Queue, 5), queue.Throughput.PerMinute(decision.Queue, 60),
            decision.Heat.ToString().ToLowerInvariant());
    }

    private HealthThresholdsDto Thresholds(GovernorSnapshot snapshot)
    {
        var rules = governor.Rules;
        return new HealthThresholdsDto(rules.SlowAboveC, rules.CoolingMarginC,
            snapshot.Queues.ToDictionary(q => q.Queue, q => rules.PauseAboveC(q.Queue), StringComparer.Ordinal), rules.LowMemoryPercent);
    }
}
