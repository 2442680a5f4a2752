using PiVault.Hardware.Fakes;
using PiVault.Hardware.Gpio;
using PiVault.Hardware.Led;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>
/// The external LED on a GPIO line where this machine has no GPIO: no chip, and a chip the kernel refuses (a plain file:
/// ENOTTY) are states, not crashes. Driving a real line needs a GPIO kernel (the arm64 VM's PL061, or the board).
/// </summary>
public sealed class GpioStatusLedTests : IDisposable
{
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    private GpioStatusLed Led(string chip, string line) => new(dir, chip, line, new LinuxGpioChipInfoSource(dir), new SteppedTime());

    [Fact]
    public void Without_gpio_chips_the_led_is_absent_and_patterns_write_nothing()
    {
        using var led = Led("pinctrl-bcm2711", "27");

        led.Start();
        led.Show(LedPattern.Attention);

        Assert.Equal(LedState.Absent, led.Status.State);
        Assert.Equal(LedPattern.Off, led.Status.Pattern);
        Assert.StartsWith("no GPIO chips", led.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_the_kernel_refuses_is_an_error_naming_the_line()
    {
        new FakeSysfsTree(dir).GpioChip(0, "9030000.pl061", 8);
        using var led = Led("9030000.pl061", "5");

        led.Start();
        led.Show(LedPattern.Working);

        Assert.Equal(LedState.Error, led.Status.State);
        Assert.StartsWith("cannot request line 5 of 9030000.pl061 as an output: GPIO_V2_GET_LINE failed", led.Status.Detail, StringComparison.Ordinal);
        Assert.Contains($"errno {GpioInterop.ENOTTY}", led.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_set_values_request_sets_bit_zero_under_mask_zero()
    {
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 }, GpioUapi.ValuesSetting(true));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 }, GpioUapi.ValuesSetting(false));
        Assert.Equal(0xC010_B40Fu, GpioUapi.SetLineValues); // _IOWR(0xB4, 0x0F, 16 bytes)
    }
}
