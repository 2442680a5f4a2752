using PiVault.Hardware.Fakes;
using PiVault.Hardware.Led;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>The real sysfs LED against a fake sys/class/leds: take-over, the patterns' writes, and the hand-back.</summary>
public sealed class SysfsStatusLedTests : IDisposable
{
    private readonly string dir = TempDir.Create();
    private readonly FakeSysfsTree tree;

    public SysfsStatusLedTests() => tree = new FakeSysfsTree(dir);

    public void Dispose() => TempDir.Delete(dir);

    private string Act(string file) => tree.Read($"sys/class/leds/ACT/{file}").Trim();

    [Fact]
    public void Start_takes_the_led_from_its_trigger_and_dispose_gives_it_back()
    {
        tree.Led("ACT", "none rc-feedback timer [heartbeat] mmc0").Led("led0");
        var led = new SysfsStatusLed(dir, SysfsStatusLed.PiNames);

        led.Start();
        Assert.Equal("none", Act("trigger"));
        Assert.Equal(new LedStatus(LedState.Ok, "ACT", LedPattern.Off, "driving ACT (its trigger was heartbeat)"), led.Status);

        led.Show(LedPattern.Working);
        led.Dispose();

        Assert.Equal("heartbeat", Act("trigger"));
        Assert.Equal(LedPattern.Off, led.Status.Pattern);
        led.Dispose(); // twice is fine
    }

    [Fact]
    public void Blinks_go_to_the_timer_trigger_and_off_is_brightness_zero()
    {
        tree.Led("ACT", "[mmc0] none timer", maxBrightness: 255);
        using var led = new SysfsStatusLed(dir, SysfsStatusLed.PiNames);
        led.Start();

        led.Show(LedPattern.Working);
        Assert.Equal(("timer", "500", "500"), (Act("trigger"), Act("delay_on"), Act("delay_off")));

        led.Show(LedPattern.Attention);
        Assert.Equal(("timer", "100", "100"), (Act("trigger"), Act("delay_on"), Act("delay_off")));
        Assert.Equal(LedPattern.Attention, led.Status.Pattern);

        led.Show(LedPattern.BackupRunning);
        Assert.Equal(("timer", "250", "250"), (Act("trigger"), Act("delay_on"), Act("delay_off")));
        led.Show(LedPattern.SafeToUnplug);
        Assert.Equal(("timer", "1900", "100"), (Act("trigger"), Act("delay_on"), Act("delay_off")));
        led.Show(LedPattern.Error);
        Assert.Equal(("timer", "100", "1900"), (Act("trigger"), Act("delay_on"), Act("delay_off")));

        led.Show(LedPattern.Off);
        Assert.Equal(("none", "0"), (Act("trigger"), Act("brightness")));
    }

    [Fact]
    public void Ready_is_a_heartbeat_played_on_the_brightness_and_stops_with_the_next_pattern()
    {
        tree.Led("ACT", "[mmc0] none timer", maxBrightness: 255);
        var time = new SteppedTime();
        using var led = new SysfsStatusLed(dir, SysfsStatusLed.PiNames, time);
        led.Start();

        led.Show(LedPattern.Ready);
        var seen = new List<string> { Act("brightness") };
        foreach (var ms in new[] { 100, 200, 100, 1600 })
        {
            time.Advance(TimeSpan.FromMilliseconds(ms));
            seen.Add(Act("brightness"));
        }

        Assert.Equal("none", Act("trigger"));
        Assert.Equal(["255", "0", "255", "0", "255"], seen);

        led.Show(LedPattern.Off);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("0", Act("brightness"));
        Assert.Equal(0, time.PendingTimers);
    }

    [Fact]
    public void Older_kernels_led0_is_used_when_there_is_no_act_and_its_brightness_is_restored_when_it_had_no_trigger()
    {
        tree.Led("led0", "[none] timer heartbeat", brightness: 1);
        var led = new SysfsStatusLed(dir, SysfsStatusLed.PiNames);

        led.Start();
        Assert.Equal("0", tree.Read("sys/class/leds/led0/brightness").Trim()); // taken over: off until a pattern is shown
        led.Dispose();

        Assert.Equal("led0", led.Status.Name);
        Assert.Equal(("none", "1"), (tree.Read("sys/class/leds/led0/trigger").Trim(), tree.Read("sys/class/leds/led0/brightness").Trim()));
    }

    [Fact]
    public void No_led_or_none_configured_is_absent_and_writes_nothing()
    {
        using var missing = new SysfsStatusLed(dir, SysfsStatusLed.PiNames);
        missing.Start();
        missing.Show(LedPattern.Attention);
        Assert.Equal(LedState.Absent, missing.Status.State);
        Assert.Equal(LedPattern.Off, missing.Status.Pattern);
        Assert.StartsWith("no LED named ACT or led0 in ", missing.Status.Detail, StringComparison.Ordinal);

        tree.Led("ACT");
        using var disabled = new SysfsStatusLed(dir, []);
        disabled.Start();
        Assert.Equal(new LedStatus(LedState.Absent, null, LedPattern.Off, "no status LED configured"), disabled.Status);
        Assert.Equal("none rc-feedback timer [heartbeat] mmc0", Act("trigger"));
    }

    [Fact]
    public void An_led_whose_files_cannot_be_used_is_an_error_not_a_crash()
    {
        tree.Led("ACT").Delete("sys/class/leds/ACT/brightness");
        Directory.CreateDirectory(Path.Combine(dir, "sys/class/leds/ACT/brightness")); // fails for root too, unlike mode bits
        using var led = new SysfsStatusLed(dir, SysfsStatusLed.PiNames);

        led.Start();
        led.Show(LedPattern.Ready);

        Assert.Equal(LedState.Error, led.Status.State);
        Assert.StartsWith("cannot drive ACT: ", led.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("none rc-feedback [mmc0] timer heartbeat", "mmc0")]
    [InlineData("[none] timer\n", "none")]
    [InlineData("none timer", null)]
    public void The_active_trigger_is_the_bracketed_one(string triggers, string? active) =>
        Assert.Equal(active, SysfsStatusLed.ActiveTrigger(triggers));
}
