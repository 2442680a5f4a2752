using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiVault.Server.Configuration;

/// <summary>
/// The <c>"governor"</c> object of the JSON config file: any of the health governor's thresholds, each overriding
/// the Raspberry Pi 4 default. For example <c>{ "mlPauseAboveC": 75, "mlNightWindow": "01:00-07:00" }</c>. Only the
/// file's values: the governor's rules and defaults are Health's, which lays these over them.
/// </summary>
public sealed record GovernorSettings
{
    public double? IntervalSeconds { get; init; }

    public double? SlowAboveC { get; init; }

    public double? LightPauseAboveC { get; init; }

    public double? HeavyPauseAboveC { get; init; }

    public double? MlPauseAboveC { get; init; }

    public double? ThumbnailsPauseAboveC { get; init; }

    public double? CoolingMarginC { get; init; }

    public double? UndervoltageHoldMinutes { get; init; }

    public double? LowMemoryPercent { get; init; }

    public double? LowMemoryRecoverPercent { get; init; }

    public double? MemoryPressureSomeAbove { get; init; }

    public double? MemoryPressureFullAbove { get; init; }

    public string? MlNightWindow { get; init; }

    public long? MlBacklogAbove { get; init; }

    public bool? ThumbnailsFirst { get; init; }

    /// <summary>No overrides: the Pi 4 defaults as they are.</summary>
    public static GovernorSettings None { get; } = new();

    /// <summary>
    /// Parses the config file's governor object as written. Its values are checked where they are laid over the defaults
    /// (<c>Health/GovernorRules.With</c>), which the start-up does right after reading the options.
    /// </summary>
    public static GovernorSettings Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, GovernorSettingsJson.Default.GovernorSettings)
                ?? throw new OptionsException("The config file's \"governor\" setting must be an object.");
        }
        catch (JsonException e)
        {
            throw new OptionsException($"The config file's \"governor\" object is not valid: {e.Message}");
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(GovernorSettings))]
internal sealed partial class GovernorSettingsJson : JsonSerializerContext;
