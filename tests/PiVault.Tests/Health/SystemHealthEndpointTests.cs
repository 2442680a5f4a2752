using System.Globalization;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Linux;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Assets;
using PiVault.Server.Health;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Health;

public sealed class SystemHealthEndpointTests
{
    [Fact]
    public async Task The_admin_sees_readings_decisions_reasons_and_queue_depths()
    {
        var root = TempDir.Create();
        new FakeSysfsTree(root).IdlePi4().Temperature(84);
        await using var server = await TestServer.StartAsync(o => o with { HealthRoot = root });
        try
        {
            var admin = await server.BootstrapAdminAsync();
            using var client = server.Client(admin);

            var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/system/health");

            Assert.Equal(84, health.GetProperty("reading").GetProperty("cpuTemperatureC").GetDouble());
            Assert.Equal(1_500_000, health.GetProperty("reading").GetProperty("cpuFrequencyKHz").GetInt64());
            var queues = health.GetProperty("queues").EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
            Assert.Equal(0, queues["thumbnails"].GetProperty("allowedWorkers").GetInt32());
            Assert.StartsWith("CPU at 84.0 °C", queues["thumbnails"].GetProperty("reasons")[0].GetString(), StringComparison.Ordinal);
            Assert.Equal("heavy", queues["thumbnails"].GetProperty("load").GetString());
            Assert.Equal(queues["metadata"].GetProperty("maxWorkers").GetInt32(), queues["metadata"].GetProperty("allowedWorkers").GetInt32());
            Assert.Equal(0, queues["metadata"].GetProperty("pending").GetInt64());
            Assert.Single(health.GetProperty("history").EnumerateArray());

            var user = await server.CreateUserAsync(admin, "someone@example.com");
            using var userClient = server.Client(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await userClient.GetAsync("/api/v1/system/health")).StatusCode);
        }
        finally
        {
            TempDir.Delete(root);
        }
    }

    [Fact]
    public async Task The_health_report_has_warnings_rates_disks_events_and_thresholds_and_needs_job_read()
    {
        var root = TempDir.Create();
        new FakeSysfsTree(root).IdlePi4().Temperature(83).UndervoltageAlarm(true);
        await using var server = await TestServer.StartAsync(o => o with { HealthRoot = root });
        try
        {
            var admin = await server.BootstrapAdminAsync();
            using var client = server.Client(admin);

            var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/system/health");

            var warnings = health.GetProperty("warnings").EnumerateArray().ToList();
            Assert.Equal("critical", warnings[0].GetProperty("level").GetString());
            Assert.Equal("Power supply too weak: under-voltage right now", warnings[0].GetProperty("title").GetString());
            Assert.Contains(warnings, w => w.GetProperty("title").GetString() == "Running hot: 83 °C, thumbnails paused until it cools below 78 °C, video conversion paused until it cools below 76 °C, "
                + "text in photos paused until it cools below 74 °C, smart search paused until it cools below 74 °C, faces paused until it cools below 74 °C");
            Assert.All(warnings, w => Assert.False(string.IsNullOrEmpty(w.GetProperty("advice").GetString())));

            var thumbnails = health.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "thumbnails");
            Assert.Equal("Thumbnails", thumbnails.GetProperty("label").GetString());
            Assert.Equal(0, thumbnails.GetProperty("perMinuteLast5Minutes").GetDouble());
            Assert.Equal(0, thumbnails.GetProperty("perMinuteLastHour").GetDouble());

            var disk = Assert.Single(health.GetProperty("disks").EnumerateArray()); // data and library share the temp filesystem
            Assert.Equal(["data", "library"], disk.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.True(disk.GetProperty("totalBytes").GetInt64() > 0);

            var counts = health.GetProperty("eventCounts").EnumerateArray().ToDictionary(c => c.GetProperty("kind").GetString()!);
            Assert.Equal(1, counts["undervoltage"].GetProperty("today").GetInt32());
            Assert.Equal(1, counts["thermal-pause"].GetProperty("last24Hours").GetInt32());
            Assert.Equal(["thermal-pause", "undervoltage"], health.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).Order());

            var thresholds = health.GetProperty("thresholds");
            Assert.Equal(70, thresholds.GetProperty("slowAboveC").GetDouble());
            Assert.Equal(82, thresholds.GetProperty("pauseAboveC").GetProperty("thumbnails").GetDouble());
            Assert.Equal(4, thresholds.GetProperty("coolingMarginC").GetDouble());
            Assert.True(health.GetProperty("history")[0].TryGetProperty("pending", out _));

            var keyWithoutJobRead = await server.CreateApiKeyAsync(admin, "asset.read");
            using var keyClient = server.Client(keyWithoutJobRead);
            Assert.Equal(HttpStatusCode.Forbidden, (await keyClient.GetAsync("/api/v1/system/health")).StatusCode);
            var keyWithJobRead = await server.CreateApiKeyAsync(admin, "job.read");
            using var readerClient = server.Client(keyWithJobRead);
            Assert.Equal(HttpStatusCode.OK, (await readerClient.GetAsync("/api/v1/system/health")).StatusCode);
            using var anonymous = server.Client();
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/system/health")).StatusCode);
        }
        finally
        {
            TempDir.Delete(root);
        }
    }

    [Fact]
    public void The_history_keeps_one_sample_a_minute_for_24_hours_and_survives_a_restart()
    {
        var dir = TempDir.Create();
        var root = TempDir.Create();
        try
        {
            var tree = new FakeSysfsTree(root).IdlePi4();
            var time = new ManualTime(DateTimeOffset.Parse("2026-07-01T00:00:00Z", CultureInfo.InvariantCulture));
            var options = new PiVaultOptions { Profile = RunProfile.Development, DataDir = dir, Urls = "http://127.0.0.1:0" };
            var governor = new HealthGovernor(new LinuxHealthSensors(root), GovernorRules.Pi4, new UploadActivity(), time,
                NullLogger<HealthGovernor>.Instance, new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2 });
            using var history = new HealthHistory(governor, options, time, NullLogger<HealthHistory>.Instance);
            for (var i = 0; i < 26 * 60 * 2; i++) // 26 h of evaluations every 30 s
            {
                tree.Temperature(50 + (i % 40));
                governor.Evaluate();
                time.Advance(TimeSpan.FromSeconds(30));
            }
            var samples = history.Samples();
            Assert.Equal(HealthHistory.Capacity, samples.Count);
            Assert.All(samples.Zip(samples.Skip(1)), p => Assert.Equal(60, p.Second.At - p.First.At));
            history.Save();

            using var restarted = new HealthHistory(governor, options, time, NullLogger<HealthHistory>.Instance);
            restarted.Load();
            Assert.Equal(samples, restarted.Samples(), new SampleComparer());
            Assert.True(new FileInfo(history.FilePath).Length < 320 * 1024, "the persisted history stays small");
        }
        finally
        {
            TempDir.Delete(dir);
            TempDir.Delete(root);
        }
    }

    private sealed class SampleComparer : IEqualityComparer<HealthSample>
    {
        public bool Equals(HealthSample? x, HealthSample? y) =>
            x!.At == y!.At && x.TemperatureC == y.TemperatureC && x.Allowed.OrderBy(a => a.Key).SequenceEqual(y.Allowed.OrderBy(a => a.Key));

        public int GetHashCode(HealthSample obj) => obj.At.GetHashCode();
    }
}
