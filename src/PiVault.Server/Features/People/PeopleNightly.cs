namespace PiVault.Server.Features.People;

/// <summary>
/// Runs <see cref="PeopleUpkeep.RunNightly"/> once a day (the first time a day after start-up), on the server's
/// <see cref="TimeProvider"/> like the trash purge, so unassigned faces find their people and deleted faces leave the index.
/// </summary>
public sealed partial class PeopleNightly(PeopleUpkeep upkeep, TimeProvider time, ILogger<PeopleNightly> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var assigned = upkeep.RunNightly(stoppingToken);
                LogDone(logger, assigned);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly people pass: {Count} faces found their person")]
    private static partial void LogDone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The nightly people pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
