using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Linux;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Assets;
using PiVault.Server.Health;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Health;

/// <summary>
/// A scripted day on a fake sysfs tree read by the real Linux reader, the real governor and history: episodes are
/// counted once each, "today" starts at local midnight, and the counts survive a save and a restart.
/// </summary>
public sealed class HealthEventsTests : IDisposable
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.CreateCustomTimeZone("Test/Plus2", TimeSpan.FromHours(2), "UTC+2", "UTC+2");

    private readonly string dataDir = TempDir.Create();
    private readonly string root = TempDir.Create();
    private readonly FakeSysfsTree tree;
    private readonly ManualTime time = new(DateTimeOffset.Parse("2026-07-01T08:00:00+02:00", CultureInfo.InvariantCulture)) { Zone = Berlin };
    private readonly HealthGovernor governor;
    private readonly PiVaultOptions options;

    public HealthEventsTests()
    {
        tree = new FakeSysfsTree(root).IdlePi4();
        options = new PiVaultOptions { Profile = RunProfile.Development, DataDir = dataDir, Urls = "http://127.0.0.1:0" };
        governor = new HealthGovernor(new LinuxHealthSensors(root), GovernorRules.Pi4, new UploadActivity(), time, NullLogger<HealthGovernor>.Instance,
            new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2 });
    }

    public void Dispose()
    {
        TempDir.Delete(dataDir);
        TempDir.Delete(root);
    }

    /// <summary>Evaluates every 5 s for <paramref name="duration"/>, as the governor's timer does.</summary>
    private void Run(TimeSpan duration)
    {
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromSeconds(5))
        {
            time.Advance(TimeSpan.FromSeconds(5));
            governor.Evaluate();
        }
    }

    private HealthHistory History() => new(governor, options, time, NullLogger<HealthHistory>.Instance);

    private static (int Today, int Last24Hours) Count(HealthHistory history, ManualTime time, string kind)
    {
        var count = history.Events.Counts(time.GetUtcNow(), time.LocalTimeZone, null).Single(c => c.Kind == kind);
        return (count.Today, count.Last24Hours);
    }

    private string UndervoltageWarning(HealthHistory history)
    {
        var facts = new HealthFacts(governor.Current.Reading, [], history.Events.Counts(time.GetUtcNow(), time.LocalTimeZone, null), [], GovernorRules.Pi4);
        return HealthWarnings.For(facts).SingleOrDefault(w => w.Title.StartsWith("Power supply", StringComparison.Ordinal))?.Title ?? "";
    }

    [Fact]
    public void Three_under_voltage_episodes_are_three_times_today_until_midnight_and_survive_a_restart()
    {
        using var history = History();
        Run(TimeSpan.FromHours(2));
        foreach (var seconds in new[] { 10, 120, 5 }) // a long dip is still one episode
        {
            tree.UndervoltageAlarm(true);
            Run(TimeSpan.FromSeconds(seconds));
            tree.UndervoltageAlarm(false);
            Run(TimeSpan.FromHours(1));
        }
        Assert.Equal((3, 3), Count(history, time, HealthEventKinds.Undervoltage));
        Assert.Equal("Power supply too weak: under-voltage detected 3 times today", UndervoltageWarning(history));
        history.Save();

        using var restarted = History();
        restarted.Load();
        Assert.Equal((3, 3), Count(restarted, time, HealthEventKinds.Undervoltage));
        Assert.Equal(history.Events.Last24Hours(time.GetUtcNow()), restarted.Events.Last24Hours(time.GetUtcNow()));

        // 13:00 local now; past midnight "today" starts again, the last 24 h still hold them.
        time.Advance(TimeSpan.FromHours(11.5));
        Assert.Equal((0, 3), Count(restarted, time, HealthEventKinds.Undervoltage));
        Assert.Equal("Power supply too weak: under-voltage detected 3 times in the last 24 hours", UndervoltageWarning(restarted));
        time.Advance(TimeSpan.FromHours(12));
        Assert.Equal((0, 0), Count(restarted, time, HealthEventKinds.Undervoltage));
        Assert.Equal("", UndervoltageWarning(restarted));
    }

    [Fact]
    public void Throttling_and_heat_pauses_count_once_per_episode()
    {
        using var history = History();
        tree.Throttled(0x2); // frequency capped now
        Run(TimeSpan.FromMinutes(1));
        tree.Throttled(0x20000); // only the sticky bit: over
        Run(TimeSpan.FromMinutes(1));
        tree.Throttled(0x20004); // throttled now
        Run(TimeSpan.FromMinutes(1));
        tree.Throttled(0x20000);

        foreach (var celsius in new double[] { 83, 80, 83, 75, 84, 70 }) // 80 is inside the hysteresis: still the first pause
        {
            tree.Temperature(celsius);
            Run(TimeSpan.FromMinutes(2));
        }
        Assert.Equal((2, 2), Count(history, time, HealthEventKinds.Throttled));
        Assert.Equal((2, 2), Count(history, time, HealthEventKinds.ThermalPause));
        Assert.Equal((0, 0), Count(history, time, HealthEventKinds.Undervoltage));

        var counts = history.Events.Counts(time.GetUtcNow(), time.LocalTimeZone, governor.Current.Reading.Throttled);
        Assert.True(counts.Single(c => c.Kind == HealthEventKinds.Throttled).SinceBoot);
        Assert.False(counts.Single(c => c.Kind == HealthEventKinds.Undervoltage).SinceBoot);
        Assert.Null(counts.Single(c => c.Kind == HealthEventKinds.ThermalPause).SinceBoot);
    }

    [Fact]
    public void Samples_recorded_before_the_file_is_loaded_are_kept_and_the_first_file_format_still_loads()
    {
        var at = time.GetUtcNow().ToUnixTimeSeconds();
        File.WriteAllText(Path.Combine(dataDir, "health-history.json"),
            $$$"""[{"at":{{{at - 120}}},"temperatureC":50,"undervoltage":false,"memoryAvailablePercent":80,"memoryPressure":0,"allowed":{"thumbnails":2}}]""");
        using var history = History();
        governor.Evaluate(); // the governor starts first and already records
        history.Load();

        Assert.Equal([at - 120, at], history.Samples().Select(s => s.At));
        Assert.Null(history.Samples()[0].Pending);
    }

    [Fact]
    public void Today_starts_at_midnight_in_the_local_time_zone()
    {
        var now = DateTimeOffset.Parse("2026-07-01T23:30:00Z", CultureInfo.InvariantCulture);
        Assert.Equal(DateTimeOffset.Parse("2026-07-02T00:00:00+02:00", CultureInfo.InvariantCulture), HealthEvents.LocalMidnight(now, Berlin));
        Assert.Equal(DateTimeOffset.Parse("2026-07-01T00:00:00Z", CultureInfo.InvariantCulture), HealthEvents.LocalMidnight(now, TimeZoneInfo.Utc));
    }
}
