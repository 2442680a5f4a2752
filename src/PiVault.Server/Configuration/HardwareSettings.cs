using PiVault.Hardware.Button;
using PiVault.Hardware.Led;

namespace PiVault.Server.Configuration;

/// <summary>The button and status LED settings: flags, PIVAULT_* variables and config-file keys, read like every other option.</summary>
public static class HardwareSettings
{
    /// <summary>Written for "no button" or "no LED".</summary>
    public const string Disabled = "none";

    /// <param name="setting">(flag, environment variable, config-file key) → value, as <see cref="OptionsLoader"/> resolves them.</param>
    public static ButtonSettings Button(Func<string, string, string, string?> setting)
    {
        var defaults = ButtonSettings.Pi4;
        var line = setting("button-line", "PIVAULT_BUTTON_LINE", "buttonLine") ?? defaults.Line;
        if (string.Equals(line, Disabled, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(line))
        {
            return ButtonSettings.None;
        }
        var chip = setting("button-chip", "PIVAULT_BUTTON_CHIP", "buttonChip") ?? defaults.Chip;
        var button = new ButtonSettings(string.Equals(chip, "any", StringComparison.OrdinalIgnoreCase) ? "" : chip, line.Trim());
        if (setting("button-active", "PIVAULT_BUTTON_ACTIVE", "buttonActive") is { } active)
        {
            button = button with { Active = ParseActive(active) };
        }
        if (setting("button-long-press-seconds", "PIVAULT_BUTTON_LONG_PRESS_SECONDS", "buttonLongPressSeconds") is { } seconds)
        {
            button = button with { LongPress = TimeSpan.FromSeconds(ParseSeconds(seconds)) };
        }
        return button;
    }

    /// <summary>Written before a line to mean an external LED on GPIO: <c>gpio:27</c>, <c>gpio:GPIO27</c>, <c>gpio:pinctrl-bcm2711:27</c>.</summary>
    public const string GpioPrefix = "gpio:";

    /// <summary>
    /// The sysfs LED names to try in order ("ACT,led0", the default), "none", or one external LED on a GPIO line
    /// (<see cref="GpioPrefix"/>), which <see cref="GpioLed"/> reads back.
    /// </summary>
    public static IReadOnlyList<string> StatusLed(Func<string, string, string, string?> setting)
    {
        if (setting("status-led", "PIVAULT_STATUS_LED", "statusLed") is not { } value)
        {
            return SysfsStatusLed.PiNames;
        }
        var trimmed = value.Trim();
        if (string.Equals(trimmed, Disabled, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        if (trimmed.StartsWith(GpioPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return GpioLed([trimmed]) is not null
                ? [trimmed]
                : throw new OptionsException($"'status-led' {value} names no GPIO line: write gpio:LINE or gpio:CHIP:LINE, like gpio:27 or gpio:pinctrl-bcm2711:GPIO27.");
        }
        return trimmed.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The chip ("" = any) and line of an external GPIO LED, or null when the setting names sysfs LEDs.</summary>
    public static (string Chip, string Line)? GpioLed(IReadOnlyList<string> statusLed)
    {
        if (statusLed is not [var only] || !only.StartsWith(GpioPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var parts = only[GpioPrefix.Length..].Split(':', StringSplitOptions.TrimEntries);
        return parts switch
        {
            [var line] when line.Length > 0 => ("", line),
            [var chip, var line] when line.Length > 0 => (string.Equals(chip, "any", StringComparison.OrdinalIgnoreCase) ? "" : chip, line),
            _ => null,
        };
    }

    private static ButtonPolarity ParseActive(string value) => value.Trim().ToLowerInvariant() switch
    {
        "auto" => ButtonPolarity.Auto,
        "low" => ButtonPolarity.Low,
        "high" => ButtonPolarity.High,
        _ => throw new OptionsException($"'button-active' must be auto, low or high, not '{value}'."),
    };

    private static double ParseSeconds(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 3600
            ? seconds
            : throw new OptionsException($"'button-long-press-seconds' must be a number of seconds above 0, not '{value}'.");
}
