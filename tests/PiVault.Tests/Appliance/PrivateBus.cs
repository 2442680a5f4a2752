using System.Diagnostics;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Appliance;

/// <summary>
/// A real <c>dbus-daemon</c> of the test's own, listening on a socket in a temp folder, whose policy lets anyone own
/// any name and call anything (the stand-in services need both); no activation directories, so an unowned name is
/// ServiceUnknown as on a system without that service. Stopped and deleted on dispose.
/// </summary>
public sealed class PrivateBus : IDisposable
{
    private readonly Process daemon;
    private readonly string folder;

    private PrivateBus(Process daemon, string folder, string address)
    {
        this.daemon = daemon;
        this.folder = folder;
        Address = address;
    }

    /// <summary>The address dbus-daemon printed, e.g. <c>unix:path=/tmp/…/bus,guid=…</c>.</summary>
    public string Address { get; }

    public static async Task<PrivateBus> StartAsync()
    {
        var folder = TempDir.Create();
        var config = Path.Combine(folder, "bus.conf");
        await File.WriteAllTextAsync(config, Config(Path.Combine(folder, "bus")));
        var start = new ProcessStartInfo("dbus-daemon", ["--config-file=" + config, "--nofork", "--print-address"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var daemon = Process.Start(start) ?? throw new InvalidOperationException("dbus-daemon did not start");
        var address = await daemon.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (string.IsNullOrWhiteSpace(address))
        {
            throw new InvalidOperationException($"dbus-daemon printed no address: {await daemon.StandardError.ReadToEndAsync()}");
        }
        return new PrivateBus(daemon, folder, address.Trim());
    }

    private static string Config(string socket) => $"""
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
          "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:path={socket}</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_destination="*"/>
            <allow receive_sender="*"/>
          </policy>
        </busconfig>
        """;

    public void Dispose()
    {
        if (!daemon.HasExited)
        {
            daemon.Kill();
            daemon.WaitForExit(5000);
        }
        daemon.Dispose();
        TempDir.Delete(folder);
    }
}
