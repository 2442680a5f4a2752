using PiVault.Hardware.Button;
using PiVault.Hardware.Led;
using PiVault.Server.Health.Hardware;

namespace PiVault.Tests.Backup;

/// <summary>The button's three presses and what the LED shows along the way, with a fake button, LED and system bus.</summary>
public sealed class BackupButtonLedTests
{
    [Fact]
    public async Task Short_press_backs_up_with_the_led_blinking_then_safe_to_unplug_a_hold_unmounts_and_ten_seconds_powers_off()
    {
        await using var fixture = new RotationFixture();
        fixture.Tier.Photo(fixture.Owner, 1);
        RotationFixture.Attach(fixture.DriveA);
        var watcher = fixture.Tier.Get<ButtonWatcher>();
        var actions = fixture.Tier.Get<ButtonActions>();
        var led = fixture.Tier.Get<StatusLedDriver>();
        await watcher.StartAsync(CancellationToken.None);
        await actions.StartAsync(CancellationToken.None);
        await led.StartAsync(CancellationToken.None);
        try
        {
            fixture.Copier.Hold();
            await actions.HandleAsync(Press(TimeSpan.FromMilliseconds(200)));
            Assert.True(fixture.Copier.Reached.Wait(TimeSpan.FromSeconds(20)));
            Assert.Equal(LedPattern.BackupRunning, fixture.Led.Status.Pattern);
            fixture.Copier.Release();
            await fixture.Rotation.Running;
            Assert.Equal(LedPattern.SafeToUnplug, fixture.Led.Status.Pattern);

            await actions.HandleAsync(Press(TimeSpan.FromSeconds(5)));
            Assert.Equal([Server.Features.Backup.BackupDrives.MountUnit(fixture.DriveA)], fixture.Bus.Stopped);
            Assert.Equal("ejected", fixture.Rotation.Status().State);
            Assert.Equal(LedPattern.SafeToUnplug, fixture.Led.Status.Pattern);

            await actions.HandleAsync(Press(TimeSpan.FromSeconds(11)));
            Assert.Equal(1, fixture.Bus.PowerOffs);
            Assert.Equal([LedPattern.Working, LedPattern.BackupRunning, LedPattern.SafeToUnplug], fixture.Led.Shown);
        }
        finally
        {
            await led.StopAsync(CancellationToken.None);
            await actions.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Without_a_system_bus_safely_remove_still_says_safe_to_unplug_and_says_why_it_did_not_unmount()
    {
        await using var fixture = new RotationFixture();
        fixture.Bus.Off = true;
        fixture.Tier.Photo(fixture.Owner, 1);
        RotationFixture.Attach(fixture.DriveA);
        await fixture.BackUpAsync();
        var ejected = await fixture.Rotation.EjectAsync();
        Assert.True(ejected.Done);
        Assert.Contains("Unmounting is not available here", ejected.Message, StringComparison.Ordinal);
        Assert.EndsWith("it is safe to unplug.", ejected.Message, StringComparison.Ordinal);
        Assert.Equal("safe-to-unplug", ejected.Status.Light);
        Assert.False((await fixture.Rotation.PowerOffAsync()).Done);
    }

    [Theory]
    [InlineData(100, PressKind.ShortPress, "backup")]
    [InlineData(3900, PressKind.ShortPress, "backup")]
    [InlineData(4000, PressKind.LongPress, "eject")]
    [InlineData(9999, PressKind.LongPress, "eject")]
    [InlineData(10000, PressKind.LongPress, "power-off")]
    public void Each_press_length_has_one_meaning(int heldMs, PressKind kind, string action) =>
        Assert.Equal(action, ButtonActions.ActionFor(new ButtonPress(DateTimeOffset.UnixEpoch, kind, TimeSpan.FromMilliseconds(heldMs))));

    private static ButtonPress Press(TimeSpan held) =>
        new(DateTimeOffset.UnixEpoch, held >= TimeSpan.FromSeconds(4) ? PressKind.LongPress : PressKind.ShortPress, held);
}
