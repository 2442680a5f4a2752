using System.Diagnostics;

namespace PiVault.Server.Systemd;

/// <summary>
/// Tells systemd how PiVault is: <c>READY=1</c>, then on its own thread (not the thread pool, so a starved pool
/// cannot keep it pinging) every <see cref="Interval"/> the liveness checks and <c>WATCHDOG=1</c> only when they
/// pass, <c>STATUS=</c> whenever the line changed, and <c>STOPPING=1</c> at the end. A failing check is logged
/// once, and so is the recovery. Without a watchdog it only keeps the status current.
/// </summary>
public sealed partial class SystemdWatchdog : IDisposable
{
    /// <summary>How often the status is refreshed when systemd runs no watchdog.</summary>
    public static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(5);

    private readonly SystemdNotifier notifier;
    private readonly Liveness liveness;
    private readonly ServiceStatus status;
    private readonly ILogger logger;
    private readonly bool ping;
    private readonly ManualResetEventSlim stop = new();
    private readonly Lock gate = new();
    private Thread? thread;
    private string? failure;
    private string? lastStatus;
    private bool stopping;

    /// <param name="pingInterval">Half the systemd watchdog timeout, or null when systemd runs no watchdog.</param>
    public SystemdWatchdog(SystemdNotifier notifier, TimeSpan? pingInterval, Liveness liveness, ServiceStatus status, ILogger logger)
    {
        this.notifier = notifier;
        this.liveness = liveness;
        this.status = status;
        this.logger = logger;
        ping = pingInterval is not null;
        Interval = pingInterval ?? StatusInterval;
    }

    public TimeSpan Interval { get; }

    /// <summary>Sends <c>READY=1</c> with the first status, then starts the loop.</summary>
    public void Ready()
    {
        string line;
        try
        {
            line = ServiceStatus.OneLine(status.Describe());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            line = "Serving"; // the first tick says what is wrong, and withholds the ping
        }
        lock (gate)
        {
            lastStatus = line;
            notifier.Send($"READY=1\nSTATUS={line}");
        }
        thread = new Thread(Run) { IsBackground = true, Name = "systemd watchdog" };
        thread.Start();
    }

    /// <summary>Sends <c>STOPPING=1</c>; nothing is sent after it. systemd stops its watchdog while a unit stops.</summary>
    public void Stopping()
    {
        lock (gate)
        {
            if (stopping)
            {
                return;
            }
            stopping = true;
            notifier.Send("STOPPING=1\nSTATUS=Stopping");
        }
        stop.Set();
    }

    /// <summary>One round: check, ping if alive, refresh the status. The loop calls this; tests may too.</summary>
    public void Tick()
    {
        var problem = ping ? CheckLiveness() : null;
        string line;
        try
        {
            line = problem is null ? status.Describe() : $"Watchdog pings stopped: {problem}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem ??= $"the status could not be read: {e.Message}";
            line = $"Watchdog pings stopped: {problem}";
        }
        line = ServiceStatus.OneLine(line);
        lock (gate)
        {
            if (stopping)
            {
                return;
            }
            var message = ping && problem is null ? "WATCHDOG=1" : "";
            if (line != lastStatus)
            {
                message = message.Length == 0 ? $"STATUS={line}" : $"{message}\nSTATUS={line}";
                lastStatus = line;
            }
            if (message.Length > 0)
            {
                notifier.Send(message);
            }
            Report(problem);
        }
    }

    public void Dispose()
    {
        stop.Set();
        if (thread is not null && thread != Thread.CurrentThread)
        {
            thread.Join(TimeSpan.FromSeconds(10));
        }
        stop.Dispose();
    }

    private string? CheckLiveness()
    {
        try
        {
            return liveness.Check();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"the liveness check failed: {e.GetType().Name}: {e.Message}";
        }
    }

    private void Report(string? problem)
    {
        if (problem is not null && failure is null)
        {
            LogPingsStopped(logger, problem);
        }
        else if (problem is null && failure is not null)
        {
            LogPingsResumed(logger, failure);
        }
        failure = problem;
    }

    /// <summary>Ticks on a fixed schedule (a slow check does not shift the next one), never catching up in bursts.</summary>
    private void Run()
    {
        var next = Stopwatch.GetTimestamp() + Interval.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        while (true)
        {
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
            if (stop.Wait(wait > TimeSpan.Zero ? wait : TimeSpan.Zero))
            {
                return;
            }
            Tick();
            next += Interval.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
            next = Math.Max(next, Stopwatch.GetTimestamp());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "systemd watchdog pings stopped: {Problem}. systemd restarts PiVault if this lasts for its WatchdogSec")]
    private static partial void LogPingsStopped(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "systemd watchdog pings resumed (they had stopped because {Problem})")]
    private static partial void LogPingsResumed(ILogger logger, string problem);
}
