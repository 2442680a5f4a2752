using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Hardware.Fakes;
using PiVault.Server.Health;
using PiVault.Server.Json;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// The admin opens the health page, in headless chromium against the real server, on a Pi whose (fake) sysfs reads
/// 83 °C and under-voltage, with a day of history left by the previous run and photos waiting for thumbnails.
/// </summary>
public sealed class HealthPageBrowserTests
{
    private const string Password = TestServer.Password;

    private static readonly string[] Photos = ["mei/jpg/Nikon_D5000.jpg", "mei/jpg/Canon_PowerShot_A85.jpg", "mei/jpg/Sony_DSC-HX5V_2.jpg"];

    private static readonly int Workers = JobSteps.Production.WorkersPerQueue(Environment.ProcessorCount)[JobKinds.ThumbnailQueue];

    private static readonly int MetadataWorkers = JobSteps.Production.WorkersPerQueue(Environment.ProcessorCount)[JobKinds.MetadataQueue];

    [Fact]
    public async Task The_admin_sees_the_warnings_the_charts_and_why_thumbnails_are_paused()
    {
        var root = TempDir.Create();
        var dataDir = TempDir.Create();
        new FakeSysfsTree(root).IdlePi4().Temperature(83).UndervoltageAlarm(true).Throttled(0x50000).Led("ACT");
        var seeded = SeedYesterdayAndToday(dataDir, DateTimeOffset.UtcNow);
        try
        {
            await using var server = await TestServer.StartAsync(
                o => o with { HealthRoot = root, WebDir = Path.Combine(Uploads.RepoRoot, "web", "dist") }, dataDir: dataDir);
            await UploadPhotosAndWaitForThumbnailsToQueueAsync(server);
            await using var chromium = await Chromium.LaunchAsync();
            var page = await chromium.NewPageAsync(server.BaseAddress, 1280, 2000);
            await LogInAndOpenHealthAsync(page);

            var warnings = page.GetByTestId("warnings");
            await Expect(warnings.Locator("li").First).ToContainTextAsync("Power supply too weak: under-voltage right now");
            await Expect(warnings).ToContainTextAsync("4 times today"); // three seeded, one now
            await Expect(warnings).ToContainTextAsync("official 5.1 V 3 A USB-C power supply");
            await Expect(warnings).ToContainTextAsync("Running hot: 83 °C, thumbnails paused until it cools below 78 °C");

            var chart = page.GetByTestId("temperature-chart").Locator("svg");
            await Expect(chart).ToHaveAccessibleNameAsync("CPU temperature");
            await Expect(chart).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("^Now 83 °C; highest 8[34] °C"));
            Assert.True(int.Parse(await chart.GetAttributeAsync("data-points") ?? "0") >= HealthHistory.Capacity - 5, "a day of points is drawn");
            var line = await chart.Locator("path.series").GetAttributeAsync("d") ?? "";
            Assert.True(line.Count(c => c == 'L') > 1000, "the temperature line joins the samples");
            await Expect(chart.Locator("g.threshold")).ToHaveCountAsync(5); // slow at 70, text in photos and smart search at 78, video conversion at 80, thumbnails at 82, photo details at 85
            await Expect(chart.Locator("g.mark")).ToHaveCountAsync(seeded + 2); // and under-voltage and a heat pause now

            var thumbnails = page.GetByTestId("queue-thumbnails");
            await Expect(thumbnails).ToContainTextAsync($"0 of {Workers} workers");
            await Expect(thumbnails).ToContainTextAsync("CPU at 83.0 °C: paused above 82 °C until below 78 °C");
            await Expect(thumbnails).ToContainTextAsync("Under-voltage: the power supply cannot keep up");
            await Expect(thumbnails.Locator("dd").First).ToHaveTextAsync("3");
            await Expect(page.GetByTestId("queue-metadata")).ToContainTextAsync("Running at full strength");
            await Expect(page.GetByTestId("queue-metadata").Locator("dd").Last).ToContainTextAsync("0.6"); // 3 photos in the last 5 minutes
            await Expect(page.GetByTestId("disk")).ToContainTextAsync("Data (database, thumbnails) + Library (originals)");
            await Expect(page.GetByTestId("button")).ToContainTextAsync("Not fitted"); // no GPIO chips in the fake tree
            await Expect(page.GetByTestId("led")).ToContainTextAsync("blink"); // working while starting, attention once the warnings count
            await Expect(page.GetByTestId("depth-chart").Locator("svg path.series")).ToHaveCountAsync(9); // metadata, thumbnails, video conversion, cold storage, text in photos, smart search, faces, duplicate search, people
            await Chromium.ScreenshotAsync(page, "health");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempDir.Delete(dataDir);
            TempDir.Delete(root);
        }
    }

    /// <summary>
    /// The history file a day of running leaves: a warm import 6–10 h ago, a hot last hour and a half, and three
    /// under-voltage dips, one throttling and one heat pause, all since midnight (UTC, the default time zone).
    /// </summary>
    private static int SeedYesterdayAndToday(string dataDir, DateTimeOffset now)
    {
        var samples = new List<HealthSample>();
        for (var minute = HealthHistory.Capacity; minute >= 1; minute--)
        {
            var hours = minute / 60.0;
            var idle = 52 + 4 * Math.Sin(hours / 24 * 2 * Math.PI);
            var celsius = hours is > 6 and < 10 ? idle + 22 * Math.Sin((10 - hours) * Math.PI / 4)
                : hours < 1.5 ? idle + (1.5 - hours) / 1.5 * (84 - idle)
                : idle;
            var thumbnails = hours is > 6 and < 10 ? (long)(400 * (hours - 6) / 4) : hours < 1.5 ? (long)(60 * (1.5 - hours)) : 0;
            var metadata = hours is > 9.5 and < 10 ? (long)(800 * (hours - 9.5)) : 0;
            var pending = new Dictionary<string, long> { ["metadata"] = metadata, ["thumbnails"] = thumbnails }.Where(p => p.Value > 0)
                .ToDictionary(p => p.Key, p => p.Value);
            var allowed = celsius > 82 ? 0 : celsius > 70 ? Math.Max(1, Workers / 2) : Workers;
            samples.Add(new HealthSample((now - TimeSpan.FromMinutes(minute)).ToUnixTimeSeconds(), Math.Round(celsius, 1), false, 78.5, 0,
                new Dictionary<string, int> { ["metadata"] = MetadataWorkers, ["thumbnails"] = allowed }, pending));
        }
        var midnight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        long Since(double fraction) => (midnight + (now - midnight) * fraction).ToUnixTimeSeconds();
        List<HealthEvent> events =
        [
            new(Since(0.2), HealthEventKinds.Undervoltage), new(Since(0.5), HealthEventKinds.Undervoltage), new(Since(0.8), HealthEventKinds.Undervoltage),
            new(Since(0.55), HealthEventKinds.Throttled), new((now - TimeSpan.FromMinutes(5)).ToUnixTimeSeconds(), HealthEventKinds.ThermalPause),
        ];
        File.WriteAllBytes(Path.Combine(dataDir, "health-history.json"),
            JsonSerializer.SerializeToUtf8Bytes(new HealthHistoryFile(samples, events), PiVaultJsonContext.Default.HealthHistoryFile));
        return events.Count;
    }

    /// <summary>Metadata (light work) runs at 83 °C; the thumbnails it queues wait, paused for heat and power.</summary>
    private static async Task UploadPhotosAndWaitForThumbnailsToQueueAsync(TestServer server)
    {
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        (await client.PutAsJsonAsync("/api/v1/admin/settings", new { completeSetup = true })).EnsureSuccessStatusCode();
        foreach (var photo in Photos)
        {
            var (status, _, body) = await client.UploadAsync(await File.ReadAllBytesAsync(Uploads.CorpusFile(photo)), Path.GetFileName(photo));
            Assert.True((int)status < 300, body);
        }
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var queue = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails");
            if (queue.GetProperty("pending").GetInt64() == Photos.Length)
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail("the metadata jobs did not queue the thumbnails");
    }

    private static async Task LogInAndOpenHealthAsync(IPage page)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#email", TestServer.AdminEmail);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button:has-text('Log in')");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photos" })).ToBeVisibleAsync();
        await page.ClickAsync("header a[href='/admin']"); // the admin's own name is "Admin" too
        await page.GetByTestId("health-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/health$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "System health", Exact = true })).ToBeVisibleAsync();
    }
}
