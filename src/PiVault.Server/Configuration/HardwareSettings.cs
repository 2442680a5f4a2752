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

    public static IReadOnlyList<string> StatusLed(Func<string, string, string, string?> setting) =>
        setting("status-led", "PIVAULT_STATUS_LED", "statusLed") is { } names
            ? string.Equals(names.Trim(), Disabled, StringComparison.OrdinalIgnoreCase)
                ? []
                : names.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : SysfsStatusLed.PiNames;

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
