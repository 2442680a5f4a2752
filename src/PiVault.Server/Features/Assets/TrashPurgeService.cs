using PiVault.Server.Scheduling;

namespace PiVault.Server.Features.Assets;

/// <summary>Empties expired trash at start-up and then every hour.</summary>
public sealed partial class TrashPurgeService(AssetService assets, TimeProvider time, ILogger<TrashPurgeService> logger)
    : PeriodicWork(Interval, runAtStart: true, time, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override string Name => "Emptying the expired trash";

    protected override void RunOnce(CancellationToken stoppingToken)
    {
        if (assets.PurgeExpiredTrash() is var purged and > 0)
        {
            LogPurged(logger, purged);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Emptied {Count} expired assets from the trash")]
    private static partial void LogPurged(ILogger logger, int count);
}
