using PiVault.Server.Scheduling;

namespace PiVault.Server.Features.Memories;

/// <summary>
/// Builds the day's memories soon after the household's midnight: once at start-up and then every hour on the server's
/// <see cref="TimeProvider"/>; <see cref="OnThisDay"/> builds each user's day once, so the ticks of a day after the first
/// cost one indexed lookup per user.
/// </summary>
public sealed partial class MemoriesNightly(OnThisDay onThisDay, TimeProvider time, ILogger<MemoriesNightly> logger)
    : PeriodicWork(Interval, runAtStart: true, time, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override string Name => "Building today's memories";

    protected override void RunOnce(CancellationToken stoppingToken)
    {
        if (onThisDay.BuildToday() is var made and > 0)
        {
            LogBuilt(logger, made);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Memories: {Count} made for today")]
    private static partial void LogBuilt(ILogger logger, int count);
}
