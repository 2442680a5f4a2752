namespace PiVault.Server.Features.Assets;

/// <summary>Empties expired trash at start-up and then every hour.</summary>
public sealed partial class TrashPurgeService(AssetService assets, TimeProvider time, ILogger<TrashPurgeService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var purged = assets.PurgeExpiredTrash();
                if (purged > 0)
                {
                    LogPurged(logger, purged);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Emptied {Count} expired assets from the trash")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Emptying the expired trash failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
