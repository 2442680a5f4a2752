using PiVault.Server.Scheduling;

namespace PiVault.Server.Features.People;

/// <summary>
/// Runs <see cref="PeopleUpkeep.RunNightly"/> once a day (the first time a day after start-up), on the server's
/// <see cref="TimeProvider"/> like the trash purge, so unassigned faces find their people and deleted faces leave the index.
/// </summary>
public sealed partial class PeopleNightly(PeopleUpkeep upkeep, TimeProvider time, ILogger<PeopleNightly> logger)
    : PeriodicWork(Interval, runAtStart: false, time, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override string Name => "The nightly people pass";

    protected override void RunOnce(CancellationToken stoppingToken)
    {
        var assigned = upkeep.RunNightly(stoppingToken);
        LogDone(logger, assigned);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Nightly people pass: {Count} faces found their person")]
    private static partial void LogDone(ILogger logger, int count);
}
