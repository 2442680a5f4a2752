using PiVault.Server.Cli;
using PiVault.Server.Configuration;
using PiVault.Server.Health;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Cli;

public sealed class CommandLineTests
{
    [Fact]
    public void Words_and_flags_are_separated_in_both_flag_forms()
    {
        var parsed = CommandLine.Parse(["db", "check", "--data-dir", "/x", "--urls=http://a:1", "--verify"]);
        Assert.Equal(["db", "check"], parsed.Words);
        Assert.Equal("/x", parsed.Flags["data-dir"]);
        Assert.Equal("http://a:1", parsed.Flags["urls"]);
        Assert.True(parsed.Has("verify"));
    }

    [Fact]
    public void A_flag_without_its_value_is_an_error()
    {
        var error = Assert.Throws<CommandLineException>(() => CommandLine.Parse(["serve", "--data-dir"]));
        Assert.Contains("--data-dir needs a value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flags_beat_environment_beat_config_file_beat_defaults()
    {
        var dir = TempDir.Create();
        try
        {
            var config = Path.Combine(dir, "pivault.json");
            File.WriteAllText(config, """{ "dataDir": "/from/file", "urls": "http://file:1", "trashDays": 7, "stuckJobMinutes": 45, "decodeMemoryMB": 900 }""");
            var env = new Dictionary<string, string> { ["PIVAULT_CONFIG"] = config, ["PIVAULT_URLS"] = "http://env:2", ["PIVAULT_STUCK_JOB_MINUTES"] = "20" };

            var options = OptionsLoader.Load(new Dictionary<string, string> { ["data-dir"] = "/from/flag" }, env.GetValueOrDefault);

            Assert.Equal("/from/flag", options.DataDir);
            Assert.Equal("http://env:2", options.Urls);
            Assert.Equal(7, options.TrashDays);
            Assert.Equal(TimeSpan.FromMinutes(20), options.StuckJobLimit);
            Assert.Equal(900L * 1024 * 1024, options.DecodeMemoryBytes);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public void The_config_file_governor_object_overrides_single_thresholds()
    {
        var dir = TempDir.Create();
        try
        {
            var config = Path.Combine(dir, "pivault.json");
            File.WriteAllText(config, """{ "governor": { "mlPauseAboveC": 75, "thumbnailsPauseAboveC": 80, "mlNightWindow": "01:00-07:00", "intervalSeconds": 2 } }""");

            var rules = GovernorRules.Pi4.With(OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config }, _ => null).Governor);

            Assert.Equal(75, rules.MlPauseAboveC);
            Assert.Equal(80, rules.PauseAboveC("thumbnails"));
            Assert.Equal(TimeSpan.FromSeconds(2), rules.Interval);
            Assert.Equal(new TimeOnly(1, 0), rules.MlNightWindow?.Start);
            Assert.Equal(GovernorRules.Pi4.SlowAboveC, rules.SlowAboveC); // untouched thresholds keep the Pi 4 default
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public void Trusted_proxies_are_none_by_default_and_come_from_a_flag_the_environment_or_a_config_file_array()
    {
        Assert.Empty(OptionsLoader.Load(new Dictionary<string, string>(), _ => null).TrustedProxies);
        var fromFlag = OptionsLoader.Load(new Dictionary<string, string> { ["trusted-proxies"] = "10.0.0.2, 192.168.1.0/24 ::1" }, _ => null).TrustedProxies;
        Assert.Equal(["10.0.0.2/32", "192.168.1.0/24", "::1/128"], fromFlag.Select(n => n.ToString()));
        var fromEnv = OptionsLoader.Load(new Dictionary<string, string>(), name => name == "PIVAULT_TRUSTED_PROXIES" ? "172.16.0.0/12" : null).TrustedProxies;
        Assert.Equal(["172.16.0.0/12"], fromEnv.Select(n => n.ToString()));

        var dir = TempDir.Create();
        try
        {
            var config = Path.Combine(dir, "pivault.json");
            File.WriteAllText(config, """{ "trustedProxies": ["127.0.0.1", "fd00::/8"] }""");
            var fromFile = OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config }, _ => null).TrustedProxies;
            Assert.Equal(["127.0.0.1/32", "fd00::/8"], fromFile.Select(n => n.ToString()));
        }
        finally
        {
            TempDir.Delete(dir);
        }
        var error = Assert.Throws<OptionsException>(() => OptionsLoader.Load(new Dictionary<string, string> { ["trusted-proxies"] = "proxy.lan" }, _ => null));
        Assert.Contains("'trusted-proxies' must list IP addresses or networks", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "governor": { "mlNightWindow": "night" } }""", "governor.mlNightWindow")]
    [InlineData("""{ "governor": { "mlPauseAboveC": -3 } }""", "governor.mlPauseAboveC must be a positive number")]
    [InlineData("""{ "governor": { "mlPauseAbove": 70 } }""", "\"governor\" object is not valid")]
    [InlineData("""{ "governor": { "lowMemoryPercent": 20, "lowMemoryRecoverPercent": 15 } }""", "lowMemoryRecoverPercent must not be below")]
    public void A_wrong_governor_setting_is_one_plain_sentence(string json, string expected)
    {
        var dir = TempDir.Create();
        try
        {
            var config = Path.Combine(dir, "pivault.json");
            File.WriteAllText(config, json);
            // The file's shape is checked as the options are read, its values as the start-up lays them over the defaults.
            var error = Assert.Throws<OptionsException>(() => GovernorRules.Pi4.With(OptionsLoader.Load(new Dictionary<string, string> { ["config"] = config }, _ => null).Governor));
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public void Defaults_follow_the_profile()
    {
        var development = OptionsLoader.Load(new Dictionary<string, string>(), _ => null);
        Assert.Equal(Path.GetFullPath("data"), development.DataDir);
        Assert.Equal("http://127.0.0.1:2283", development.Urls);
        Assert.Equal(TimeSpan.FromMinutes(30), development.StuckJobLimit);
        Assert.Null(development.DecodeMemoryBytes); // sized from the machine

        var appliance = OptionsLoader.Load(new Dictionary<string, string> { ["profile"] = "appliance", ["config"] = WriteEmptyConfig() }, _ => null);
        Assert.Equal("/var/lib/pivault", appliance.DataDir);
        Assert.Equal("http://0.0.0.0:2283", appliance.Urls);
    }

    [Theory]
    [InlineData("max-upload-bytes", "-5", "positive whole number")]
    [InlineData("stuck-job-minutes", "0", "positive whole number")]
    [InlineData("decode-memory-mb", "32", "between 64 and 1048576")]
    [InlineData("decode-memory-mb", "99999999999999", "between 64 and 1048576")]
    [InlineData("profile", "cloud", "Unknown profile")]
    [InlineData("config", "/nonexistent/pivault.json", "does not exist")]
    public void Bad_settings_are_explained(string flag, string value, string expected)
    {
        var error = Assert.Throws<OptionsException>(() => OptionsLoader.Load(new Dictionary<string, string> { [flag] = value }, _ => null));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_executable_lists_its_subcommands_and_rejects_unknown_ones()
    {
        var (helpCode, help) = await ServerProcess.RunAsync("--help");
        Assert.Equal(0, helpCode);
        Assert.Contains("serve", help, StringComparison.Ordinal);
        Assert.Contains("db check", help, StringComparison.Ordinal);
        Assert.Contains("--data-dir", help, StringComparison.Ordinal);
        Assert.Contains("--stuck-job-minutes", help, StringComparison.Ordinal);

        var (unknownCode, unknown) = await ServerProcess.RunAsync("frobnicate");
        Assert.Equal(64, unknownCode);
        Assert.Contains("Unknown command", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_honours_the_environment_variables()
    {
        var dataDir = TempDir.Create();
        try
        {
            var port = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            port.Start();
            var url = $"http://127.0.0.1:{((System.Net.IPEndPoint)port.LocalEndpoint).Port}";
            port.Stop();
            var start = new System.Diagnostics.ProcessStartInfo(ServerProcess.Executable) { ArgumentList = { "serve" }, RedirectStandardOutput = true };
            start.Environment["PIVAULT_DATA_DIR"] = dataDir;
            start.Environment["PIVAULT_URLS"] = url;
            using var process = System.Diagnostics.Process.Start(start)!;
            try
            {
                using var client = new HttpClient();
                var deadline = DateTime.UtcNow.AddSeconds(30);
                string? pong = null;
                while (pong is null && DateTime.UtcNow < deadline)
                {
                    try
                    {
                        pong = await client.GetStringAsync($"{url}/api/v1/server/ping");
                    }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(100);
                    }
                }
                Assert.Equal("""{"res":"pong"}""", pong);
                Assert.True(File.Exists(Path.Combine(dataDir, "pivault.db")));
            }
            finally
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            TempDir.Delete(dataDir);
        }
    }

    private static string WriteEmptyConfig()
    {
        var path = Path.Combine(TempDir.Create(), "empty.json");
        File.WriteAllText(path, "{}");
        return path;
    }
}
