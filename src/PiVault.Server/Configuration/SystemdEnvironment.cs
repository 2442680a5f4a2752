using System.Globalization;

namespace PiVault.Server.Configuration;

/// <summary>
/// What systemd told the process through its environment: where to send sd_notify messages (<c>NOTIFY_SOCKET</c>),
/// the watchdog timeout (<c>WATCHDOG_USEC</c>, for this process only if <c>WATCHDOG_PID</c> names it or is absent),
/// and whether stdout goes to the journal (<c>JOURNAL_STREAM</c>).
/// </summary>
public sealed record SystemdEnvironment(string? NotifySocket, TimeSpan? WatchdogTimeout, bool JournalStream)
{
    public static readonly SystemdEnvironment None = new(null, null, false);

    /// <summary>sd_watchdog_enabled(3): ping every half of the timeout.</summary>
    public TimeSpan? PingInterval => WatchdogTimeout / 2;

    public static SystemdEnvironment Read(Func<string, string?> env, int processId)
    {
        // A path or an @abstract name; anything else (vsock:, a relative path) is not for a Pi.
        var socket = env("NOTIFY_SOCKET") is ['/' or '@', _, ..] value ? value : null;
        return new SystemdEnvironment(socket, socket is null ? null : Watchdog(env, processId), !string.IsNullOrEmpty(env("JOURNAL_STREAM")));
    }

    private static TimeSpan? Watchdog(Func<string, string?> env, int processId)
    {
        if (!long.TryParse(env("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) || usec <= 0)
        {
            return null;
        }
        // Set for another process (the variables were inherited): not ours to ping.
        if (env("WATCHDOG_PID") is { Length: > 0 } pid
            && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var watched) || watched != processId))
        {
            return null;
        }
        return TimeSpan.FromMicroseconds(usec);
    }
}
