using System.Text.Json;
using System.Text.Json.Serialization;
using PiVault.Server.Health;

namespace PiVault.Server.Configuration;

/// <summary>
/// The <c>"governor"</c> object of the JSON config file: any of the health governor's thresholds, each overriding
/// the Raspberry Pi 4 default. For example <c>{ "mlPauseAboveC": 75, "mlNightWindow": "01:00-07:00" }</c>.
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

    /// <summary>Parses the config file's governor object and lays it over <paramref name="defaults"/>.</summary>
    public static GovernorRules Apply(string json, GovernorRules defaults)
    {
        GovernorSettings settings;
        try
        {
            settings = JsonSerializer.Deserialize(json, GovernorSettingsJson.Default.GovernorSettings)
                ?? throw new OptionsException("The config file's \"governor\" setting must be an object.");
        }
        catch (JsonException e)
        {
            throw new OptionsException($"The config file's \"governor\" object is not valid: {e.Message}");
        }
        return settings.ApplyTo(defaults);
    }

    private GovernorRules ApplyTo(GovernorRules rules)
    {
        var byQueue = new Dictionary<string, double>(rules.PauseAboveCByQueue, StringComparer.Ordinal);
        if (ThumbnailsPauseAboveC is { } thumbnails)
        {
            byQueue["thumbnails"] = Positive(thumbnails, "thumbnailsPauseAboveC");
        }
        var result = rules with
        {
            Interval = IntervalSeconds is { } seconds ? TimeSpan.FromSeconds(Positive(seconds, "intervalSeconds")) : rules.Interval,
            SlowAboveC = Positive(SlowAboveC ?? rules.SlowAboveC, "slowAboveC"),
            LightPauseAboveC = Positive(LightPauseAboveC ?? rules.LightPauseAboveC, "lightPauseAboveC"),
            HeavyPauseAboveC = Positive(HeavyPauseAboveC ?? rules.HeavyPauseAboveC, "heavyPauseAboveC"),
            MlPauseAboveC = Positive(MlPauseAboveC ?? rules.MlPauseAboveC, "mlPauseAboveC"),
            PauseAboveCByQueue = byQueue,
            CoolingMarginC = Positive(CoolingMarginC ?? rules.CoolingMarginC, "coolingMarginC"),
            UndervoltageHold = UndervoltageHoldMinutes is { } minutes ? TimeSpan.FromMinutes(Positive(minutes, "undervoltageHoldMinutes")) : rules.UndervoltageHold,
            LowMemoryPercent = Positive(LowMemoryPercent ?? rules.LowMemoryPercent, "lowMemoryPercent"),
            LowMemoryRecoverPercent = Positive(LowMemoryRecoverPercent ?? rules.LowMemoryRecoverPercent, "lowMemoryRecoverPercent"),
            MemoryPressureSomeAbove = Positive(MemoryPressureSomeAbove ?? rules.MemoryPressureSomeAbove, "memoryPressureSomeAbove"),
            MemoryPressureFullAbove = Positive(MemoryPressureFullAbove ?? rules.MemoryPressureFullAbove, "memoryPressureFullAbove"),
            MlNightWindow = MlNightWindow is { } text ? DailyWindow.TryParse(text, out var error) ?? throw new OptionsException($"governor.mlNightWindow: {error}") : rules.MlNightWindow,
            MlBacklogAbove = MlBacklogAbove is { } backlog ? (long)Positive(backlog, "mlBacklogAbove") : rules.MlBacklogAbove,
        };
        if (result.LowMemoryRecoverPercent < result.LowMemoryPercent)
        {
            throw new OptionsException("governor.lowMemoryRecoverPercent must not be below lowMemoryPercent (it is the level at which work resumes).");
        }
        return result;
    }

    private static double Positive(double value, string name) =>
        value > 0 && double.IsFinite(value) ? value : throw new OptionsException($"governor.{name} must be a positive number, not {value}.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(GovernorSettings))]
internal sealed partial class GovernorSettingsJson : JsonSerializerContext;
