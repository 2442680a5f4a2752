using PiVault.Hardware.Health;

namespace PiVault.Server.Health;

/// <summary>GET /api/v1/system/health: what the board reads, what the governor decided and why, and the last 24 h.</summary>
public sealed record SystemHealthDto(DateTimeOffset At, HealthReading Reading, List<QueueHealthDto> Queues, List<string> Notes, List<HealthSample> History);

/// <summary>One queue: the governor's limit with its reasons, beside the queue's depth and the admin's pause switch.</summary>
public sealed record QueueHealthDto(string Queue, string Load, int MaxWorkers, int AllowedWorkers, List<string> Reasons,
    long Pending, long Running, long Failed, bool PausedByAdmin);

/// <summary>One history point, kept small (1,440 of them a day): unix seconds, readings, allowed workers per queue.</summary>
public sealed record HealthSample(long At, double? TemperatureC, bool? Undervoltage, double? MemoryAvailablePercent,
    double? MemoryPressure, Dictionary<string, int> Allowed);
