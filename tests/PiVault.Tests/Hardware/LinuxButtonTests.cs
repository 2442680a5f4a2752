using PiVault.Hardware.Button;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Gpio;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>
/// The real button on machines without the hardware: no chip, no button configured, and a "chip" whose line request
/// the kernel refuses (a plain file: ENOTTY). None of them throws; each is a state with a reason.
/// </summary>
public sealed class LinuxButtonTests : IDisposable
{
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    private LinuxButton Button(ButtonSettings settings) =>
        new(dir, settings with { RetryEvery = TimeSpan.FromMilliseconds(50) }, new LinuxGpioChipInfoSource(dir), TimeProvider.System);

    [Fact]
    public void Without_a_button_configured_it_is_absent_and_starts_nothing()
    {
        using var button = Button(ButtonSettings.None);
        button.Start();

        Assert.Equal(new ButtonStatus(ButtonState.Absent, null, null, "no button configured"), button.Status);
    }

    [Fact]
    public async Task On_a_machine_without_gpio_chips_it_reports_absent()
    {
        using var button = Button(ButtonSettings.Pi4);
        var changed = new TaskCompletionSource<ButtonStatus>();
        button.StatusChanged += s => changed.TrySetResult(s);

        button.Start();
        var status = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ButtonState.Absent, status.State);
        Assert.Equal(("pinctrl-bcm2711", "GPIO17"), (status.Chip, status.Line));
        Assert.StartsWith("no GPIO chips", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_line_request_is_an_error_state_and_is_tried_again()
    {
        new FakeSysfsTree(dir).GpioChip(0, "9030000.pl061", 8);
        using var button = Button(new ButtonSettings("9030000.pl061", "3"));
        var statuses = new List<ButtonStatus>();
        var seen = new TaskCompletionSource();
        button.StatusChanged += s => { lock (statuses) { statuses.Add(s); } seen.TrySetResult(); };

        button.Start();
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300); // several retries: the same state is not reported again

        var status = Assert.Single(statuses);
        Assert.Equal(ButtonState.Error, status.State);
        Assert.StartsWith("cannot request line 3 of 9030000.pl061 (gpiochip0): GPIO_V2_GET_LINE failed", status.Detail, StringComparison.Ordinal);
        Assert.Contains($"errno {GpioInterop.ENOTTY}", status.Detail, StringComparison.Ordinal);
    }
}
