using PiVault.Server.Configuration;

namespace PiVault.Tests.Duplicates;

/// <summary>The CLIP duplicate distance comes through the same flag, PIVAULT_* variable and config key as every option.</summary>
public sealed class DuplicateSettingTests
{
    [Fact]
    public void The_default_is_Immichs_001_and_the_file_the_environment_and_the_flag_override_it_in_that_order()
    {
        var config = Path.Combine(Path.GetTempPath(), $"pivault-duplicates-{Guid.NewGuid():N}.json");
        File.WriteAllText(config, """{ "duplicateMaxDistance": 0.02 }""");
        var empty = Path.Combine(Path.GetTempPath(), $"pivault-empty-{Guid.NewGuid():N}.json");
        File.WriteAllText(empty, "{}");
        try
        {
            Assert.Equal(0.01, OptionsLoader.Load(new Dictionary<string, string> { ["config"] = empty }, _ => null).DuplicateMaxDistance);
            Assert.Equal(0.02, OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config }, _ => null).DuplicateMaxDistance);
            Func<string, string?> env = name => name == "PIVAULT_DUPLICATE_MAX_DISTANCE" ? "0.03" : null;
            Assert.Equal(0.03, OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config }, env).DuplicateMaxDistance);
            Assert.Equal(0.005, OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config, ["duplicate-max-distance"] = "0.005" }, env)
                .DuplicateMaxDistance);
        }
        finally
        {
            File.Delete(config);
            File.Delete(empty);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("0,01")]
    [InlineData("near")]
    public void A_distance_outside_Immichs_range_is_one_plain_sentence(string value)
    {
        var e = Assert.Throws<OptionsException>(() => OptionsLoader.Load(new Dictionary<string, string> { ["duplicate-max-distance"] = value }, _ => null));

        Assert.Equal($"'duplicate-max-distance' must be a cosine distance between 0.001 and 0.1 (0.01 by default), not '{value}'.", e.Message);
    }
}
