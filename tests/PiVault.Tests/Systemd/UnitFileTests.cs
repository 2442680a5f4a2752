using PiVault.Server.Hosting;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Systemd;

/// <summary>systemd/pivault.service: valid for systemd-analyze, and consistent with what the server does.</summary>
public sealed class UnitFileTests : IDisposable
{
    private static readonly string UnitPath = Path.Combine(Uploads.RepoRoot, "systemd", "pivault.service");
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_without_a_single_warning()
    {
        // verify checks that ExecStart exists: point it at the binary the tests built.
        var unit = Path.Combine(dir, "pivault.service");
        File.WriteAllText(unit, File.ReadAllText(UnitPath).Replace("/usr/lib/pivault/pivault", ServerProcess.Executable, StringComparison.Ordinal));
        var (exitCode, output) = await Tool.RunAsync("systemd-analyze", "verify", unit);

        Assert.Equal("", output.Trim());
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public void The_unit_waits_for_ready_runs_the_watchdog_and_outlasts_the_host_shutdown()
    {
        var settings = File.ReadLines(UnitPath).Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last()[1]);

        Assert.Equal("notify", settings["Type"]);
        Assert.Equal("main", settings["NotifyAccess"]);
        Assert.Equal("30s", settings["WatchdogSec"]);
        Assert.Equal("on-failure", settings["Restart"]);
        Assert.True(Seconds(settings["TimeoutStopSec"]) > SystemdWiring.ShutdownTimeout.TotalSeconds);
        Assert.True(Seconds(settings["TimeoutStartSec"]) >= 120);
    }

    private static double Seconds(string value) => value switch
    {
        _ when value.EndsWith("min", StringComparison.Ordinal) => double.Parse(value[..^3], System.Globalization.CultureInfo.InvariantCulture) * 60,
        _ when value.EndsWith('s') => double.Parse(value[..^1], System.Globalization.CultureInfo.InvariantCulture),
        _ => double.Parse(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
