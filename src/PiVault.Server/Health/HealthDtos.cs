using PiVault.Hardware.Health;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Ml;
using PiVault.Server.Health.Hardware;

namespace PiVault.Server.Health;

/// <summary>
/// GET /api/v1/system/health: what the board reads, what the governor decided and why, and the last 24 h; then the
/// plain-language warnings, disk space per storage role, the day's events and the thresholds the charts draw; and the
/// push button and status LED; the backup drives and the running backup; the ML features and loaded models.
/// </summary>
public sealed record SystemHealthDto(DateTimeOffset At, HealthReading Reading, List<QueueHealthDto> Queues, List<string> Notes, List<HealthSample> History,
    List<HealthWarningDto> Warnings, List<DiskDto> Disks, List<HealthEventCountDto> EventCounts, List<HealthEvent> Events, HealthThresholdsDto Thresholds,
    ButtonDto Button, StatusLedDto Led, BackupStatusDto Backup, MlStatusDto Ml, Features.Offsite.OffsiteStatusDto Offsite);

/// <summary>
/// One queue: the governor's limit with its reasons, beside the queue's depth and the admin's pause switch, and how
/// many jobs it finished a minute recently (counted since the server started).
/// </summary>
public sealed record QueueHealthDto(string Queue, string Load, int MaxWorkers, int AllowedWorkers, List<string> Reasons,
    long Pending, long Running, long Failed, bool PausedByAdmin, string Label, double PerMinuteLast5Minutes, double PerMinuteLastHour, string Heat);

/// <summary>
/// One history point, kept small (1,440 of them a day): unix seconds, readings, allowed workers per queue, and the
/// waiting jobs of each queue that had any (a queue missing from <see cref="Pending"/> had none; null: not recorded).
/// </summary>
public sealed record HealthSample(long At, double? TemperatureC, bool? Undervoltage, double? MemoryAvailablePercent,
    double? MemoryPressure, Dictionary<string, int> Allowed, Dictionary<string, long>? Pending = null);

/// <summary>The start of one episode (see <see cref="HealthEventKinds"/>), in unix seconds.</summary>
public sealed record HealthEvent(long At, string Kind);

/// <summary>Episodes of one kind since local midnight and in the last 24 h; <see cref="SinceBoot"/> is the firmware's sticky bit, where it has one.</summary>
public sealed record HealthEventCountDto(string Kind, int Today, int Last24Hours, bool? SinceBoot);

/// <summary>What the history file holds: the samples and the events, so a restart keeps both.</summary>
public sealed record HealthHistoryFile(List<HealthSample> Samples, List<HealthEvent> Events);

/// <summary>Free space of one filesystem and the storage roles on it ("data", "library", "cold"); roles sharing a filesystem share one entry.</summary>
public sealed record DiskDto(List<string> Roles, string Path, long TotalBytes, long FreeBytes, double FreePercent);

/// <summary>A plain-language warning for the household: <see cref="Level"/> is info, warning or critical.</summary>
public sealed record HealthWarningDto(string Level, string Title, string Detail, string Advice);

/// <summary>The governor's temperature and memory thresholds, for the charts' lines.</summary>
public sealed record HealthThresholdsDto(double SlowAboveC, double CoolingMarginC, Dictionary<string, double> PauseAboveC, double LowMemoryPercent);
