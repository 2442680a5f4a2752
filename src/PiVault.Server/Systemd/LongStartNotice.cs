using System.Diagnostics;
using PiVault.Server.Configuration;

namespace PiVault.Server.Systemd;

/// <summary>
/// Keeps systemd waiting while a long step of the start runs before <c>READY=1</c> (moving the library onto the hot
/// drive): at most every 10 s it asks for another minute (<c>EXTEND_TIMEOUT_USEC</c>, past <c>TimeoutStartSec</c>),
/// pings the watchdog and says how far it got (<c>STATUS=</c>). Outside systemd it does nothing.
/// </summary>
public sealed class LongStartNotice(SystemdEnvironment systemd) : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    private readonly SystemdNotifier? notifier = systemd.NotifySocket is { } socket ? new SystemdNotifier(socket) : null;
    private readonly Stopwatch since = Stopwatch.StartNew();
    private bool first = true;

    public void Report(string status)
    {
        if (notifier is null || !first && since.Elapsed < Every)
        {
            return;
        }
        first = false;
        since.Restart();
        notifier.Send($"EXTEND_TIMEOUT_USEC=60000000\nWATCHDOG=1\nSTATUS={status}");
    }

    public void Dispose() => notifier?.Dispose();
}
