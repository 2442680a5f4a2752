using PiVault.Server.Configuration;

namespace PiVault.Tests.Tiering;

/// <summary>The tiering settings come through the same flags, PIVAULT_* variables and config keys as every option.</summary>
public sealed class TieringSettingsTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void The_defaults_are_a_year_85_percent_and_favourites_pinned()
    {
        var options = OptionsLoader.Load(new Dictionary<string, string> { ["config"] = MissingIsFine() }, NoEnvironment);

        Assert.Equal(new TieringSettings(12, 85, true), options.Tiering);
    }

    [Fact]
    public void Flags_beat_the_environment_which_beats_the_config_file()
    {
        var config = Path.Combine(Path.GetTempPath(), $"pivault-tiering-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{ "tierAgeMonths": 24, "tierHotFillPercent": 70, "tierPinFavorites": false }""");
        try
        {
            var fromFile = OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config }, NoEnvironment);
            Assert.Equal(new TieringSettings(24, 70, false), fromFile.Tiering);

            var env = new Dictionary<string, string> { ["PIVAULT_TIER_AGE_MONTHS"] = "6", ["PIVAULT_TIER_PIN_FAVORITES"] = "true" };
            var fromEnv = OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config }, name => env.GetValueOrDefault(name));
            Assert.Equal(new TieringSettings(6, 70, true), fromEnv.Tiering);

            var fromFlags = OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config, ["tier-hot-fill-percent"] = "90", ["tier-age-months"] = "3" },
                name => env.GetValueOrDefault(name));
            Assert.Equal(new TieringSettings(3, 90, true), fromFlags.Tiering);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData("tier-age-months", "-1", "'tier-age-months' must be a whole number from 0 to 1200, not '-1'.")]
    [InlineData("tier-hot-fill-percent", "101", "'tier-hot-fill-percent' must be a whole number from 1 to 100, not '101'.")]
    [InlineData("tier-pin-favorites", "maybe", "'tier-pin-favorites' must be true or false, not 'maybe'.")]
    public void A_bad_value_is_one_plain_sentence(string flag, string value, string message)
    {
        var e = Assert.Throws<OptionsException>(() => OptionsLoader.Load(new Dictionary<string, string> { ["config"] = MissingIsFine(), [flag] = value }, NoEnvironment));

        Assert.Equal(message, e.Message);
    }

    /// <summary>An empty config file, so a pivault.json in the working folder cannot change the result.</summary>
    private static string MissingIsFine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pivault-empty-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{}");
        return path;
    }
}
