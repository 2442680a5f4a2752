using PiVault.Hardware.Led;

namespace PiVault.Server.Health.Hardware;

/// <summary>What the status LED shows, from the health report: attention beats working beats ready.</summary>
public static class LedPatterns
{
    public static LedPattern For(SystemHealthDto health)
    {
        if (health.Warnings.Any(w => w.Level is "warning" or "critical"))
        {
            return LedPattern.Attention;
        }
        return health.Queues.Any(q => q.Pending + q.Running > 0) ? LedPattern.Working : LedPattern.Ready;
    }
}
