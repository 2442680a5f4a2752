using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Linux;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Assets;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Health;

/// <summary>The governor's rules over scripted time and a fake sysfs tree read by the real Linux reader.</summary>
public sealed class HealthGovernorTests : IDisposable
{
    private readonly string dir = TempDir.Create();
    private readonly FakeSysfsTree tree;
    private readonly ManualTime time = new(DateTimeOffset.Parse("2026-07-01T12:00:00Z", CultureInfo.InvariantCulture));
    private readonly UploadActivity uploads = new();

    public HealthGovernorTests() => tree = new FakeSysfsTree(dir).IdlePi4();

    public void Dispose() => TempDir.Delete(dir);

    internal HealthGovernor Governor(Dictionary<string, int>? workers = null) => new(
        new LinuxHealthSensors(dir), GovernorRules.Pi4, uploads, time, NullLogger<HealthGovernor>.Instance,
        workers ?? new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2 });

    private (int Metadata, int Thumbnails) Step(HealthGovernor governor)
    {
        time.Advance(governor.Rules.Interval);
        var snapshot = governor.Evaluate();
        return (snapshot.AllowedWorkers("metadata"), snapshot.AllowedWorkers("thumbnails"));
    }

    private int StepMl(HealthGovernor governor)
    {
        time.Advance(governor.Rules.Interval);
        return governor.Evaluate().AllowedWorkers("ml.clip");
    }

    [Fact]
    public void A_heat_ramp_slows_then_pauses_the_heavy_queue_and_lets_go_with_hysteresis()
    {
        var governor = Governor();
        double[] ramp = [45, 60, 71, 76, 83, 81, 79, 77, 72, 68, 65];
        var thumbnails = new List<int>();
        foreach (var celsius in ramp)
        {
            tree.Temperature(celsius);
            var (metadata, thumbs) = Step(governor);
            Assert.Equal(2, metadata); // light work carries on until the firmware's own limit
            thumbnails.Add(thumbs);
        }
        Assert.Equal([2, 2, 1, 1, 0, 0, 0, 1, 1, 1, 2], thumbnails);
    }

    [Fact]
    public void A_paused_queue_says_why()
    {
        var governor = Governor();
        tree.Temperature(83.2);
        Step(governor);
        var decision = governor.Current.Queues.Single(q => q.Queue == "thumbnails");

        Assert.Equal(0, decision.AllowedWorkers);
        Assert.Equal("CPU at 83.2 °C: paused above 82 °C until below 78 °C", Assert.Single(decision.Reasons));
        Assert.Empty(governor.Current.Queues.Single(q => q.Queue == "metadata").Reasons);
    }

    [Fact]
    public void Ml_queues_pause_earlier_than_thumbnails_and_light_work_only_at_85()
    {
        var governor = Governor(new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2, ["ml.faces"] = 2 });
        tree.Temperature(79);
        time.Advance(TimeSpan.FromSeconds(5));
        var snapshot = governor.Evaluate();
        Assert.Equal((2, 1, 0), (snapshot.AllowedWorkers("metadata"), snapshot.AllowedWorkers("thumbnails"), snapshot.AllowedWorkers("ml.faces")));

        tree.Temperature(86);
        snapshot = governor.Evaluate();
        Assert.Equal((0, 0, 0), (snapshot.AllowedWorkers("metadata"), snapshot.AllowedWorkers("thumbnails"), snapshot.AllowedWorkers("ml.faces")));
    }

    [Fact]
    public void Under_voltage_pauses_heavy_work_and_keeps_it_reduced_for_a_while_after()
    {
        var governor = Governor();
        tree.UndervoltageAlarm(true);
        Assert.Equal((2, 0), Step(governor));
        Assert.Contains("under-voltage", Assert.Single(governor.Current.Queues.Single(q => q.Queue == "thumbnails").Reasons), StringComparison.Ordinal);

        tree.UndervoltageAlarm(false);
        Assert.Equal((2, 1), Step(governor));
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal((2, 1), Step(governor));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal((2, 2), Step(governor));
    }

    [Fact]
    public void The_get_throttled_under_voltage_bit_counts_too_but_the_sticky_bit_does_not()
    {
        var governor = Governor();
        tree.Throttled(0x50000); // happened earlier, not now
        Assert.Equal((2, 2), Step(governor));
        tree.Throttled(0x50005);
        Assert.Equal((2, 0), Step(governor));
    }

    [Fact]
    public void Low_memory_pauses_heavy_work_until_well_recovered()
    {
        var governor = Governor();
        tree.Memory(4_000_000, 300_000); // 7.5 %
        Assert.Equal((2, 0), Step(governor));
        tree.Memory(4_000_000, 500_000); // 12.5 %: not yet
        Assert.Equal((2, 0), Step(governor));
        tree.Memory(4_000_000, 700_000); // 17.5 %
        Assert.Equal((2, 2), Step(governor));
    }

    [Fact]
    public void Memory_pressure_pauses_heavy_work_with_hysteresis()
    {
        var governor = Governor();
        tree.Pressure("memory", 25, 1);
        Assert.Equal((2, 0), Step(governor));
        tree.Pressure("memory", 12, 1);
        Assert.Equal((2, 0), Step(governor));
        tree.Pressure("memory", 3, 0);
        Assert.Equal((2, 2), Step(governor));
        tree.Pressure("memory", 2, 6); // thrashing: everything stalled
        Assert.Equal((2, 0), Step(governor));
    }

    [Fact]
    public void Uploads_pause_ML_until_an_interval_passes_without_one_and_leave_thumbnails_every_worker()
    {
        // Thumbnails yield the CPU to uploads by priority (BackgroundPriority), not by running fewer workers.
        var governor = Governor(new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2, ["ml.clip"] = 1 });
        using (uploads.Begin())
        {
            time.Advance(TimeSpan.FromSeconds(5));
            var during = governor.Evaluate();
            Assert.Equal((2, 2, 0), (during.AllowedWorkers("metadata"), during.AllowedWorkers("thumbnails"), during.AllowedWorkers("ml.clip")));
            Assert.Contains(during.Queues.Single(q => q.Queue == "ml.clip").Reasons, r => r.StartsWith("uploads in progress", StringComparison.Ordinal));
        }
        using (uploads.Begin())
        {
            // a short upload that started and ended between two evaluations still counts
        }
        Assert.Equal(0, StepMl(governor));
        Assert.Equal(1, StepMl(governor));
    }

    [Fact]
    public void A_rule_that_slows_heavy_work_for_uploads_halves_it()
    {
        var rules = GovernorRules.Pi4 with { SlowForUploads = new HashSet<QueueLoad> { QueueLoad.Heavy } };
        var governor = new HealthGovernor(new LinuxHealthSensors(dir), rules, uploads, time, NullLogger<HealthGovernor>.Instance,
            new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2 });
        using (uploads.Begin())
        {
            var during = governor.Evaluate();
            Assert.Equal((2, 1), (during.AllowedWorkers("metadata"), during.AllowedWorkers("thumbnails")));
            Assert.Contains(during.Queues.Single(q => q.Queue == "thumbnails").Reasons, r => r.StartsWith("uploads in progress", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_started_governor_pauses_ML_at_the_first_upload_and_gives_the_workers_back_once_uploads_are_quiet()
    {
        // No tick for an hour: every change below comes from the uploads themselves.
        var rules = GovernorRules.Pi4 with { Interval = TimeSpan.FromHours(1), UploadQuiet = TimeSpan.FromMilliseconds(150) };
        using var governor = new HealthGovernor(new LinuxHealthSensors(dir), rules, uploads, time, NullLogger<HealthGovernor>.Instance,
            new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2, ["ml.clip"] = 1 });
        var raised = new System.Collections.Concurrent.ConcurrentQueue<string>();
        governor.LimitRaised += raised.Enqueue;
        await governor.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(1, governor.AllowedWorkers("ml.clip"));
            using (uploads.Begin())
            {
                await WaitUntil(() => governor.AllowedWorkers("ml.clip") == 0);
                using (uploads.Begin())
                {
                    // a parallel upload ending does not end the backup
                }
                await Task.Delay(400);
                Assert.Equal(0, governor.AllowedWorkers("ml.clip"));
            }
            using (uploads.Begin())
            {
                await Task.Delay(400); // the next file came within the quiet time: still one backup
                Assert.Equal(0, governor.AllowedWorkers("ml.clip"));
            }
            Assert.Equal(2, governor.AllowedWorkers("thumbnails"));
            Assert.Empty(raised);
            await WaitUntil(() => governor.AllowedWorkers("ml.clip") == 1);
            Assert.Equal(["ml.clip"], raised);
        }
        finally
        {
            await governor.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the governor did not change the limit within 10 s");
            await Task.Delay(10);
        }
    }

    [Fact]
    public void Letting_a_queue_run_again_announces_it()
    {
        var governor = Governor();
        var raised = new List<string>();
        governor.LimitRaised += raised.Add;
        governor.Evaluate();
        tree.Temperature(84);
        Step(governor);
        Assert.Empty(raised); // pausing wakes nobody

        tree.Temperature(50);
        Step(governor);

        Assert.Equal(["thumbnails"], raised);
    }

    [Theory]
    [InlineData("2026-07-01T12:00:00Z", 800, 0)] // 14:00 in Berlin, big backlog: waits for the night
    [InlineData("2026-07-01T00:30:00Z", 800, 2)] // 02:30 in Berlin: inside 01:00–07:00
    [InlineData("2026-07-01T12:00:00Z", 40, 2)] // a day's new photos run at once
    [InlineData("2026-07-01T05:00:00Z", 800, 0)] // 07:00 in Berlin: the window has closed
    public void A_large_ML_backlog_runs_only_in_the_local_night_window(string utc, long pending, int allowed)
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var clock = new ManualTime(DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture), berlin);
        var rules = GovernorRules.Pi4 with { MlNightWindow = new DailyWindow(new TimeOnly(1, 0), new TimeOnly(7, 0)), MlBacklogAbove = 500 };
        var governor = new HealthGovernor(new LinuxHealthSensors(dir), rules, uploads, clock, NullLogger<HealthGovernor>.Instance,
            new Dictionary<string, int> { ["thumbnails"] = 2, ["ml.clip"] = 2 }, queue => queue == "ml.clip" ? pending : 0);

        var snapshot = governor.Evaluate();

        Assert.Equal(allowed, snapshot.AllowedWorkers("ml.clip"));
        Assert.Equal(2, snapshot.AllowedWorkers("thumbnails")); // the window is for ML only
        var reasons = snapshot.Queues.Single(q => q.Queue == "ml.clip").Reasons;
        Assert.Equal(allowed == 0, reasons.Any(r => r.Contains("runs at night (01:00–07:00)", StringComparison.Ordinal)));
    }

    [Fact]
    public void ML_waits_while_photos_wait_for_thumbnails_and_starts_the_moment_the_thumbnail_queue_runs_dry()
    {
        long waiting = 3;
        var governor = new HealthGovernor(new LinuxHealthSensors(dir), GovernorRules.Pi4, uploads, time, NullLogger<HealthGovernor>.Instance,
            new Dictionary<string, int> { ["thumbnails"] = 2, ["ml.clip"] = 2, ["ocr"] = 1 }, queue => queue == "thumbnails" ? waiting : 40);
        var raised = new List<string>();
        governor.LimitRaised += raised.Add;

        var snapshot = governor.Evaluate();

        Assert.Equal((0, 0, 2), (snapshot.AllowedWorkers("ml.clip"), snapshot.AllowedWorkers("ocr"), snapshot.AllowedWorkers("thumbnails")));
        Assert.Contains("thumbnails first: 3 photos wait for theirs", snapshot.Queues.Single(q => q.Queue == "ml.clip").Reasons);

        waiting = 0;
        governor.QueueDrained("metadata"); // another queue running dry changes nothing
        Assert.Equal(0, governor.AllowedWorkers("ml.clip"));
        governor.QueueDrained("thumbnails"); // no tick: the same instant

        Assert.Equal((2, 1), (governor.AllowedWorkers("ml.clip"), governor.AllowedWorkers("ocr")));
        Assert.Equal(["ml.clip", "ocr"], raised.Order());
    }

    [Fact]
    public void With_thumbnails_first_off_ML_runs_beside_a_thumbnail_backlog()
    {
        var governor = new HealthGovernor(new LinuxHealthSensors(dir), GovernorRules.Pi4 with { ThumbnailsFirst = false }, uploads, time,
            NullLogger<HealthGovernor>.Instance, new Dictionary<string, int> { ["thumbnails"] = 2, ["ml.clip"] = 2 }, _ => 500);

        Assert.Equal(2, governor.Evaluate().AllowedWorkers("ml.clip"));
    }

    [Theory]
    [InlineData("01:00-07:00", 1, 7, true, "03:00")]
    [InlineData("22:00–06:00", 22, 6, true, "23:30")]
    [InlineData("22:00-06:00", 22, 6, false, "12:00")]
    [InlineData("1:30 - 5:00", 1, 5, false, "05:00")]
    public void Daily_windows_parse_and_may_run_past_midnight(string text, int startHour, int endHour, bool contains, string at)
    {
        var window = DailyWindow.TryParse(text, out var error);
        Assert.Null(error);
        Assert.Equal((startHour, endHour), (window!.Value.Start.Hour, window.Value.End.Hour));
        Assert.Equal(contains, window.Value.Contains(TimeOnly.Parse(at, CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("nightly")]
    [InlineData("25:00-07:00")]
    [InlineData("03:00-03:00")]
    public void A_malformed_daily_window_is_refused_with_a_reason(string text)
    {
        Assert.Null(DailyWindow.TryParse(text, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_sensors_nothing_is_restricted_and_the_notes_say_which_rules_are_inactive()
    {
        var bare = TempDir.Create();
        try
        {
            var governor = new HealthGovernor(new LinuxHealthSensors(bare), GovernorRules.Pi4, uploads, time, NullLogger<HealthGovernor>.Instance,
                new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2 });
            var snapshot = governor.Evaluate();
            Assert.All(snapshot.Queues, q => Assert.Equal(q.MaxWorkers, q.AllowedWorkers));
            Assert.Contains(snapshot.Notes, n => n.StartsWith("no cpu-thermal sensor", StringComparison.Ordinal));
            Assert.Contains(snapshot.Notes, n => n.StartsWith("no under-voltage signal", StringComparison.Ordinal));
        }
        finally
        {
            TempDir.Delete(bare);
        }
    }
}
