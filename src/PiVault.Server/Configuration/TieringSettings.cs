namespace PiVault.Server.Configuration;

/// <summary>
/// Which originals the tiering job moves to the cold drive: those taken more than <see cref="AgeMonths"/> ago, and, while
/// the hot drive is fuller than <see cref="HotFillPercent"/>, the oldest others too. Favourites stay hot when
/// <see cref="PinFavorites"/>. Settings: <c>--tier-age-months</c>, <c>--tier-hot-fill-percent</c>, <c>--tier-pin-favorites</c>
/// (or <c>PIVAULT_TIER_*</c>, or the config keys <c>tierAgeMonths</c>, <c>tierHotFillPercent</c>, <c>tierPinFavorites</c>).
/// </summary>
public sealed record TieringSettings(int AgeMonths, int HotFillPercent, bool PinFavorites)
{
    public static TieringSettings Default { get; } = new(12, 85, true);

    public static TieringSettings Resolve(Func<string, string, string, string?> setting)
    {
        var age = setting("tier-age-months", "PIVAULT_TIER_AGE_MONTHS", "tierAgeMonths");
        var fill = setting("tier-hot-fill-percent", "PIVAULT_TIER_HOT_FILL_PERCENT", "tierHotFillPercent");
        var pin = setting("tier-pin-favorites", "PIVAULT_TIER_PIN_FAVORITES", "tierPinFavorites");
        return new(
            age is null ? Default.AgeMonths : Whole(age, "tier-age-months", 0, 1200),
            fill is null ? Default.HotFillPercent : Whole(fill, "tier-hot-fill-percent", 1, 100),
            pin is null ? Default.PinFavorites : Flag(pin, "tier-pin-favorites"));
    }

    private static int Whole(string value, string name, int min, int max) =>
        int.TryParse(value, out var number) && number >= min && number <= max
            ? number
            : throw new OptionsException($"'{name}' must be a whole number from {min} to {max}, not '{value}'.");

    private static bool Flag(string value, string name) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new OptionsException($"'{name}' must be true or false, not '{value}'."),
    };
}
