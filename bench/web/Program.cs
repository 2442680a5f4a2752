using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Timeline;
using PiVault.Server.Hosting;

// Seeds N assets into a real SQLite file, then measures (1) the timeline API — all buckets, and the largest bucket —
// over loopback HTTP and in-process, and (2) the first page load in headless chromium: HTML + JS + first thumbnails.
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
var report = args.Length > 1 ? args[1] : "bench/results/web.md";
var repo = Directory.GetCurrentDirectory();
var dataDir = Path.Combine(Path.GetTempPath(), "pivault-bench-web", Guid.NewGuid().ToString("N"));
var options = new PiVaultOptions { Profile = RunProfile.Development, DataDir = dataDir, Urls = "http://127.0.0.1:0", WebDir = Path.Combine(repo, "web", "dist") };
var app = ServerApp.Build(options);
ServerApp.PrepareStorage(app);
await app.StartAsync();
var baseUrl = new Uri(app.Urls.Single());
using var http = new HttpClient { BaseAddress = baseUrl };
await http.PostAsJsonAsync("/api/v1/auth/bootstrap", new { email = "bench@example.com", name = "Bench", password = "bench password" });
var login = await (await http.PostAsJsonAsync("/api/v1/auth/login", new { email = "bench@example.com", password = "bench password" })).Content.ReadFromJsonAsync<JsonElement>();
var token = login.GetProperty("accessToken").GetString()!;
var userId = login.GetProperty("user").GetProperty("id").GetString()!;
http.DefaultRequestHeaders.Authorization = new("Bearer", token);
await http.PutAsJsonAsync("/api/v1/admin/settings", new { completeSetup = true }); // past the wizard

var seed = Stopwatch.StartNew();
Seed(options.DatabasePath, userId, count);
var thumbnails = WriteThumbnails(app.Services, options, userId, 200);
seed.Stop();
Console.WriteLine($"seeded {count} assets in {seed.ElapsedMilliseconds} ms ({thumbnails} with thumbnails)");

var buckets = await http.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets");
var largest = buckets.EnumerateArray().MaxBy(b => b.GetProperty("count").GetInt32());
var largestName = largest.GetProperty("timeBucket").GetString()!;
var newest = buckets[0].GetProperty("timeBucket").GetString()!;
var bucketsHttp = await TimeAsync(() => http.GetStringAsync("/api/v1/timeline/buckets"));
var bucketHttp = await TimeAsync(() => http.GetStringAsync($"/api/v1/timeline/bucket?timeBucket={largestName}"));
var service = (TimelineService)app.Services.GetService(typeof(TimelineService))!;
var caller = new Caller(userId, "bench@example.com", "Bench", true, CredentialKind.Session, "bench", Permission.Known);
var bucketsInProcess = await TimeAsync(() => Task.FromResult(service.Buckets(caller, null, null)));
var bucketInProcess = await TimeAsync(() => Task.FromResult(service.Bucket(caller, largestName, null, null)));
var bucketBytes = (await http.GetByteArrayAsync($"/api/v1/timeline/bucket?timeBucket={largestName}")).Length;

var loads = await PageLoadsAsync(baseUrl, token, 5);

var text = new StringBuilder()
    .AppendLine("# Web benchmark")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"Command: `bench/web/run.sh {count}` · {DateTime.UtcNow:yyyy-MM-dd} · {Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription} · load average during the run: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}")
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"{count:N0} assets of one user over 10 years ({buckets.GetArrayLength()} month buckets), seeded by SQL into a real SQLite file (WAL, synchronous=FULL); Release build, Kestrel on 127.0.0.1. Target: ≤ 100 ms server time.")
    .AppendLine()
    .AppendLine("| request | median | p95 | max |")
    .AppendLine("|---|---|---|---|")
    .AppendLine(Row("`GET timeline/buckets` over HTTP", bucketsHttp))
    .AppendLine(Row($"`GET timeline/bucket` (largest month, {largest.GetProperty("count").GetInt32()} assets, {bucketBytes / 1024} KB JSON) over HTTP", bucketHttp))
    .AppendLine(Row("buckets, in-process service call", bucketsInProcess))
    .AppendLine(Row("largest bucket, in-process service call", bucketInProcess))
    .AppendLine()
    .AppendLine(CultureInfo.InvariantCulture, $"First page load in headless chromium (cold cache, fresh context each time, logged in, newest month {newest}; {loads.Count} runs):")
    .AppendLine()
    .AppendLine("| milestone (from navigation start) | median | max |")
    .AppendLine("|---|---|---|")
    .AppendLine(LoadRow("HTML received (responseEnd)", loads.Select(l => l.Html)))
    .AppendLine(LoadRow("DOMContentLoaded (JS parsed and run)", loads.Select(l => l.Dom)))
    .AppendLine(LoadRow("first tiles in the DOM", loads.Select(l => l.Tiles)))
    .AppendLine(LoadRow("all thumbnails on screen decoded", loads.Select(l => l.Thumbnails)))
    .ToString();
File.WriteAllText(Path.Combine(repo, report), text);
Console.WriteLine(text);

await app.StopAsync();
SqliteConnection.ClearAllPools();
Directory.Delete(dataDir, recursive: true);
return 0;

static string Row(string name, double[] ms) =>
    string.Create(CultureInfo.InvariantCulture, $"| {name} | {Percentile(ms, 0.5):0.0} ms | {Percentile(ms, 0.95):0.0} ms | {ms.Max():0.0} ms |");

static string LoadRow(string name, IEnumerable<double> values)
{
    var ms = values.ToArray();
    return string.Create(CultureInfo.InvariantCulture, $"| {name} | {Percentile(ms, 0.5):0} ms | {ms.Max():0} ms |");
}

static double Percentile(double[] values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
}

static async Task<double[]> TimeAsync<T>(Func<Task<T>> action, int warmup = 5, int runs = 50)
{
    for (var i = 0; i < warmup; i++)
    {
        await action();
    }
    var times = new double[runs];
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await action();
        times[i] = watch.Elapsed.TotalMilliseconds;
    }
    return times;
}

static void Seed(string databasePath, string ownerId, int count)
{
    using var db = new SqliteConnection($"Data Source={databasePath}");
    db.Open();
    using var transaction = db.BeginTransaction();
    using var insert = db.CreateCommand();
    insert.CommandText =
        """
        INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                            file_modified_at, taken_at, is_favorite, created_at, updated_at, width, height)
        VALUES ($id, $owner, $checksum, 'image', $path, $name, 'image/jpeg', 3000000, $taken, $taken, $taken, 0, $now, $now, $w, $h);
        """;
    var parameters = new[] { "$id", "$owner", "$checksum", "$path", "$name", "$taken", "$now", "$w", "$h" }.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter(n, null)));
    var random = new Random(42);
    var end = DateTimeOffset.UtcNow;
    var span = TimeSpan.FromDays(3650).TotalMilliseconds;
    var now = end.ToUnixTimeMilliseconds();
    for (var i = 0; i < count; i++)
    {
        var taken = end.AddMilliseconds(-random.NextDouble() * span);
        var id = Guid.CreateVersion7(taken).ToString();
        var portrait = random.Next(4) == 0;
        parameters["$id"].Value = id;
        parameters["$owner"].Value = ownerId;
        parameters["$checksum"].Value = Guid.NewGuid().ToByteArray();
        parameters["$path"].Value = $"{ownerId}/{taken:yyyy}/{taken:MM}/IMG_{i:D6}.jpg";
        parameters["$name"].Value = $"IMG_{i:D6}.jpg";
        parameters["$taken"].Value = taken.ToUnixTimeMilliseconds();
        parameters["$now"].Value = now;
        parameters["$w"].Value = portrait ? 3000 : 4000;
        parameters["$h"].Value = portrait ? 4000 : 3000;
        insert.ExecuteNonQuery();
    }
    transaction.Commit();
    using var analyze = db.CreateCommand();
    analyze.CommandText = "ANALYZE;";
    analyze.ExecuteNonQuery();
}

// The newest assets get a real 250 px WebP thumbnail (made once with ffmpeg), so the page load includes thumbnails.
static int WriteThumbnails(IServiceProvider services, PiVaultOptions options, string ownerId, int newest)
{
    var file = Path.Combine(options.DataDir, "bench-thumb.webp");
    using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", $"-loglevel error -y -f lavfi -i testsrc=size=333x250 -frames:v 1 {file}")))
    {
        ffmpeg!.WaitForExit();
    }
    if (!File.Exists(file))
    {
        return 0;
    }
    var bytes = File.ReadAllBytes(file);
    var derived = (PiVault.Server.Storage.DerivedFileStore)services.GetService(typeof(PiVault.Server.Storage.DerivedFileStore))!;
    using var db = new SqliteConnection($"Data Source={options.DatabasePath}");
    db.Open();
    using var select = db.CreateCommand();
    select.CommandText = "SELECT id FROM assets ORDER BY taken_at DESC LIMIT $n;";
    select.Parameters.AddWithValue("$n", newest);
    var ids = new List<string>();
    using (var reader = select.ExecuteReader())
    {
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }
    }
    foreach (var id in ids)
    {
        derived.Write(ownerId, id, PiVault.Server.Storage.DerivedKind.Thumbnail, bytes);
    }
    using var update = db.CreateCommand();
    update.CommandText = $"UPDATE assets SET thumbnails_at = $now WHERE id IN ({string.Join(',', ids.Select(i => $"'{i}'"))});";
    update.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    update.ExecuteNonQuery();
    return ids.Count;
}

static async Task<List<(double Html, double Dom, double Tiles, double Thumbnails)>> PageLoadsAsync(Uri baseUrl, string token, int runs)
{
    Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium", Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    var results = new List<(double, double, double, double)>();
    for (var i = 0; i < runs + 1; i++)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        await context.AddCookiesAsync([new Cookie { Name = "pivault_session", Value = token, Url = baseUrl.ToString() }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl.ToString());
        await page.WaitForSelectorAsync("[data-testid=tile]");
        var tilesAt = await page.EvaluateAsync<double>("() => performance.now()");
        await page.WaitForFunctionAsync(
            "() => { const imgs = [...document.querySelectorAll('[data-testid=thumbnail]')].filter(i => i.getBoundingClientRect().top < innerHeight); " +
            "return imgs.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0); }");
        var thumbsAt = await page.EvaluateAsync<double>("() => performance.now()");
        var nav = await page.EvaluateAsync<JsonElement>("() => { const n = performance.getEntriesByType('navigation')[0]; return { html: n.responseEnd, dom: n.domContentLoadedEventEnd }; }");
        if (i > 0) // the first run warms the server (JIT, SQLite page cache), as a long-running appliance is
        {
            results.Add((nav.GetProperty("html").GetDouble(), nav.GetProperty("dom").GetDouble(), tilesAt, thumbsAt));
        }
    }
    return results;
}
