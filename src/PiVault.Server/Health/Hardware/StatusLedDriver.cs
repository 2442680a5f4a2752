using PiVault.Hardware.Led;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Health.Hardware;

/// <summary>
/// Takes the status LED over at start-up (slow blink while starting), then every <see cref="Interval"/> once the server
/// listens shows what <see cref="LedPatterns"/> makes of the health report; hands the LED back to its kernel trigger on stop.
/// </summary>
public sealed partial class StatusLedDriver(
    IStatusLed led, HealthReport report, IHostApplicationLifetime lifetime, TimeProvider time, ILoggerFactory loggers, BackupRotation backup)
    : IHostedService, IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly ILogger logger = loggers.CreateLogger(ButtonWatcher.LogCategory);
    private ITimer? timer;
    private CancellationTokenRegistration started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        led.Start();
        led.Show(LedPattern.Working);
        var status = led.Status;
        var state = status.State.ToString().ToLowerInvariant();
        LogLed(logger, state, status.Detail);
        started = lifetime.ApplicationStarted.Register(() => timer = time.CreateTimer(_ => Update(), null, TimeSpan.Zero, Interval));
        // A backup starting or ending shows at once, not at the next tick: the person at the button is waiting for it.
        backup.Changed += Update;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        backup.Changed -= Update;
        started.Dispose();
        timer?.Dispose();
        led.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        started.Dispose();
        timer?.Dispose();
    }

    /// <summary>Shows what the health report says now; the timer and the backup's changes call it.</summary>
    public void Update()
    {
        if (led.Status.State == LedState.Absent)
        {
            return;
        }
        try
        {
            led.Show(LedPatterns.For(report.Current()));
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException)
        {
            LogUpdateFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "status LED: {State}: {Detail}")]
    private static partial void LogLed(ILogger logger, string state, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "status LED: could not work out the pattern")]
    private static partial void LogUpdateFailed(ILogger logger, Exception exception);
}
