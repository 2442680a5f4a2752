namespace PiVault.Server.Scheduling;

/// <summary>
/// A hosted service that runs one piece of upkeep every <c>interval</c> on the server's <see cref="TimeProvider"/> (so
/// tests move it with a fake clock), optionally once at start-up too. A run that throws is logged and the next tick runs
/// again; only stopping the host ends it.
/// </summary>
public abstract partial class PeriodicWork(TimeSpan interval, bool runAtStart, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>What the work is, for the failure log ("Emptying the expired trash").</summary>
    protected abstract string Name { get; }

    /// <summary>One run; its own success is its own to log.</summary>
    protected abstract void RunOnce(CancellationToken stoppingToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        if (runAtStart)
        {
            Run(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Run(stoppingToken);
        }
    }

    private void Run(CancellationToken stoppingToken)
    {
        try
        {
            RunOnce(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, Name, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Work} failed")]
    private static partial void LogFailed(ILogger logger, string work, Exception exception);
}
