using PiVault.Hardware.Led;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Health.Hardware;

/// <summary>
/// What the status LED shows, from the health report, most important first: a failed backup (error), a health warning
/// (attention), a backup copying, a backup done (safe to unplug), jobs working, else ready (docs/hardware.md).
/// </summary>
public static class LedPatterns
{
    public static LedPattern For(SystemHealthDto health)
    {
        var backup = health.Backup.Light;
        if (backup == BackupStatus.Error)
        {
            return LedPattern.Error;
        }
        if (health.Warnings.Any(w => w.Level is "warning" or "critical"))
        {
            return LedPattern.Attention;
        }
        if (backup == BackupStatus.Running)
        {
            return LedPattern.BackupRunning;
        }
        if (backup == BackupStatus.SafeToUnplug)
        {
            return LedPattern.SafeToUnplug;
        }
        return health.Queues.Any(q => q.Pending + q.Running > 0) ? LedPattern.Working : LedPattern.Ready;
    }
}
