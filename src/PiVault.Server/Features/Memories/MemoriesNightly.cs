namespace PiVault.Server.Features.Memories;

/// <summary>
/// Builds the day's memories soon after the household's midnight: once at start-up and then every hour on the server's
/// <see cref="TimeProvider"/>; <see cref="OnThisDay"/> builds each user's day once, so the ticks of a day after the first
/// cost one indexed lookup per user.
/// </summary>
public sealed partial class MemoriesNightly(OnThisDay onThisDay, TimeProvider time, ILogger<MemoriesNightly> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                if (onThisDay.BuildToday() is var made and > 0)
                {
                    LogBuilt(logger, made);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Memories: {Count} made for today")]
    private static partial void LogBuilt(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Building today's memories failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
