using PiVault.Hardware.Button;
using PiVault.Server.Configuration;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>The button and LED options: defaults, flags, environment and config-file keys, and mistakes.</summary>
public sealed class HardwareSettingsTests
{
    private static PiVaultOptions Load(Dictionary<string, string> flags, Dictionary<string, string>? env = null) =>
        OptionsLoader.Load(flags, name => env?.GetValueOrDefault(name));

    [Fact]
    public void The_defaults_are_gpio17_on_the_pi4_header_chip_and_the_act_led()
    {
        var options = Load([]);

        Assert.Equal(ButtonSettings.Pi4, options.Button);
        Assert.Equal(("pinctrl-bcm2711", "GPIO17", ButtonPolarity.Auto, TimeSpan.FromSeconds(4)),
            (options.Button.Chip, options.Button.Line, options.Button.Active, options.Button.LongPress));
        Assert.Equal(["ACT", "led0"], options.StatusLed);
    }

    [Fact]
    public void The_vm_tests_flags_pick_the_pl061_line_3()
    {
        var options = Load(new() { ["button-chip"] = "9030000.pl061", ["button-line"] = "3" });

        Assert.Equal(new ButtonSettings("9030000.pl061", "3"), options.Button);
    }

    [Fact]
    public void Environment_and_config_file_keys_set_the_same_things_and_none_turns_them_off()
    {
        var dir = TempDir.Create();
        try
        {
            var config = Path.Combine(dir, "pivault.json");
            File.WriteAllText(config, """{ "buttonChip": "pinctrl-rp1", "buttonLine": 27, "buttonActive": "low", "buttonLongPressSeconds": 2.5, "statusLed": "PWR" }""");
            var fromFile = Load(new() { ["config"] = config });
            Assert.Equal(new ButtonSettings("pinctrl-rp1", "27") { Active = ButtonPolarity.Low, LongPress = TimeSpan.FromSeconds(2.5) }, fromFile.Button);
            Assert.Equal(["PWR"], fromFile.StatusLed);

            var fromEnv = Load(new() { ["config"] = config }, new() { ["PIVAULT_BUTTON_LINE"] = "none", ["PIVAULT_STATUS_LED"] = "none" });
            Assert.False(fromEnv.Button.Configured);
            Assert.Empty(fromEnv.StatusLed);

            Assert.Equal("", Load(new() { ["button-chip"] = "any" }).Button.Chip);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Theory]
    [InlineData("gpio:27", "", "27")]
    [InlineData("gpio:GPIO27", "", "GPIO27")]
    [InlineData("GPIO:pinctrl-bcm2711:27", "pinctrl-bcm2711", "27")]
    [InlineData("gpio:any:5", "", "5")]
    public void An_external_led_is_named_by_its_gpio_line(string value, string chip, string line)
    {
        var options = Load(new() { ["status-led"] = value });

        Assert.Equal((chip, line), HardwareSettings.GpioLed(options.StatusLed));
    }

    [Fact]
    public void Sysfs_names_are_not_a_gpio_led() => Assert.Null(HardwareSettings.GpioLed(Load([]).StatusLed));

    [Theory]
    [InlineData("status-led", "gpio:", "'status-led' gpio: names no GPIO line: write gpio:LINE or gpio:CHIP:LINE, like gpio:27 or gpio:pinctrl-bcm2711:GPIO27.")]
    [InlineData("status-led", "gpio:a:b:c", "'status-led' gpio:a:b:c names no GPIO line: write gpio:LINE or gpio:CHIP:LINE, like gpio:27 or gpio:pinctrl-bcm2711:GPIO27.")]
    [InlineData("button-active", "sideways", "'button-active' must be auto, low or high, not 'sideways'.")]
    [InlineData("button-long-press-seconds", "0", "'button-long-press-seconds' must be a number of seconds above 0, not '0'.")]
    public void Mistakes_are_one_plain_sentence(string flag, string value, string message) =>
        Assert.Equal(message, Assert.Throws<OptionsException>(() => Load(new() { [flag] = value })).Message);
}
