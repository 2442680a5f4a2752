using System.Globalization;
using System.Text;
using PiVault.Bench.Upload;

namespace PiVault.Bench.Load;

/// <summary>
/// bench/reliability/load: (1) many concurrent clients uploading with duplicates while others browse, search and
/// sync; (2) a large library made by real uploads, its database size and its read latency. Writes a markdown report.
/// </summary>
internal static class Program
{
    public const string Password = "load-bench-password";

    private static async Task<int> Main(string[] args)
    {
        var o = Options.Parse(args);
        var report = new StringBuilder();
        var work = Directory.CreateTempSubdirectory("pivault-load-");
        try
        {
            var jpegs = JpegFactory.Create(work.FullName, seed: 7);
            if (o.Clients > 0)
            {
                await ConcurrencyPhaseAsync(o, jpegs, work.FullName, report);
            }
            if (o.LibraryAssets > 0)
            {
                await LibraryPhaseAsync(o, jpegs, work.FullName, report);
            }
            report.Append(CultureInfo.InvariantCulture, $"\n## Run\n\n- Command: `{o.Command}`\n- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC\n- Git commit: `{o.Commit}` ({o.State})\n");
            report.Append(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores, {File.ReadLines("/proc/meminfo").First().Trim()}, load average at the end {LoadSampler.Now()}\n");
            report.Append("- Server: Release `dotnet pivault.dll serve` as a child process on a fresh data dir on this machine's disk (ext4 on a VM disk); clients in the bench process over loopback\n");
            File.WriteAllText(o.OutMd, Header() + report);
            Console.WriteLine(report);
            return 0;
        }
        catch (BenchFailureException e)
        {
            Console.Error.WriteLine($"bench failed: {e.Message}");
            return 1;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Header() => """
        # Reliability: load and scale

        Produced by `bench/reliability/load/run.sh` (see Run below). Latencies are wall-clock times seen by the
        clients, which share the machine's 2 cores with the server and with other work (see the load averages):
        compare them with each other and with DESIGN.md's targets as orders of magnitude, not as Pi figures.

        """;

    private static async Task ConcurrencyPhaseAsync(Options o, JpegFactory jpegs, string work, StringBuilder report)
    {
        var dataDir = Directory.CreateDirectory(Path.Combine(work, "concurrency")).FullName;
        using var server = ServerProcess.Start(o.ServerDll, dataDir, Path.Combine(work, "concurrency.log"));
        using var http = Client(server.BaseUri);
        await server.WaitForPingAsync(http, TimeSpan.FromMinutes(2));
        var log = new LatencyLog();
        var admin = await BootstrapAsync(http, log);
        await Task.Delay(2000);
        var idle = server.StatusBytes("VmRSS");
        var load = new LoadSampler();
        Console.WriteLine($"concurrency: {o.Clients} uploaders × {o.Files} files, {o.Browsers} browsers, {o.Users} users");
        var result = await Concurrency.RunAsync(http, admin, jpegs, o.Clients, o.Files, o.Users, o.Browsers, log);
        var loadDuring = load.Stop();
        server.EnsureRunning();
        var peak = server.StatusBytes("VmHWM");
        report.Append(CultureInfo.InvariantCulture, $"""

            ## {o.Clients} concurrent uploaders with duplicates, {o.Browsers} clients browsing, searching and syncing

            {o.Clients} clients each upload {o.Files} photos (odd clients through Immich's `POST /api/assets`, even ones through
            `POST /api/v1/assets`), spread over {o.Users} users; each user's clients draw from a pool half the size of what they
            send, so most photos arrive more than once, often at the same moment. Meanwhile {o.Browsers} clients loop over
            the timeline (months, then one month), Immich's metadata search and Immich's sync stream (with acks) until the
            uploads end. Every request has a 100 s client timeout; an error is a 5xx, a timeout or a refused connection.

            | endpoint | requests | errors | 4xx | p50 ms | p95 ms | max ms |
            |---|--:|--:|--:|--:|--:|--:|

            """);
        foreach (var e in result.Endpoints)
        {
            report.Append(CultureInfo.InvariantCulture, $"| {e.Endpoint} | {e.Requests} | **{e.Errors}** | {e.ClientErrors} | {e.P50Ms:F0} | **{e.P95Ms:F0}** | {e.MaxMs:F0} |\n");
        }
        report.Append(CultureInfo.InvariantCulture, $"""

            - Uploads: {result.Uploads} requests of {result.Distinct} distinct (user, photo) pairs in {result.Wall.TotalSeconds:F1} s; answered `created` {result.Created} times, `duplicate` {result.Duplicates} times.
            - Invariants (exactly one asset per distinct file per user, checked against SHA-1s computed by the bench; exactly one `created` per pair; every upload 200/201): **{(result.Violations.Count == 0 ? "all held" : $"{result.Violations.Count} violations: " + string.Join("; ", result.Violations.Take(10)))}**.
            - Server RSS: idle after start-up **{idle / 1e6:F1} MB** (DESIGN.md budget ≤ 100 MB); peak over the phase (VmHWM) **{peak / 1e6:F1} MB**.
            - Load average during the phase: {loadDuring}.

            """);
        if (result.Violations.Count > 0 || result.Endpoints.Any(e => e.Errors > 0))
        {
            File.WriteAllText(o.OutMd, Header() + report);
            throw new BenchFailureException("The concurrency phase saw errors or broken invariants; see the report.");
        }
    }

    private static async Task LibraryPhaseAsync(Options o, JpegFactory jpegs, string work, StringBuilder report)
    {
        var dataDir = Directory.CreateDirectory(Path.Combine(work, "library")).FullName;
        Library.UploadPhase upload;
        using (var server = ServerProcess.Start(o.ServerDll, dataDir, Path.Combine(work, "library.log")))
        {
            using var http = Client(server.BaseUri);
            await server.WaitForPingAsync(http, TimeSpan.FromMinutes(2));
            var admin = await BootstrapAsync(http, new LatencyLog());
            Console.WriteLine($"library: {o.LibraryAssets} uploads, {o.LibraryConcurrency} at a time, at most {o.UploadMinutes} min (+{o.JobsMinutes} min for jobs)");
            upload = await Library.UploadAsync(admin, jpegs, o.LibraryAssets, o.LibraryConcurrency, TimeSpan.FromMinutes(o.UploadMinutes), TimeSpan.FromMinutes(o.JobsMinutes));
            server.EnsureRunning();
        }
        var size = Library.Measure(dataDir);
        var log = new LatencyLog();
        using (var server = ServerProcess.Start(o.ServerDll, dataDir, Path.Combine(work, "library2.log")))
        {
            using var http = Client(server.BaseUri);
            await server.WaitForPingAsync(http, TimeSpan.FromMinutes(2));
            var admin = await UserClient.LoginAsync(http, AdminEmail, Password, log);
            var phone = await UserClient.LoginAsync(http, AdminEmail, Password, log);
            await Library.TimeReadsAsync(admin, phone, jpegs, o.LibraryAssets + 1_000_000, o.Repeats);
            server.EnsureRunning();
        }
        var per50k = size.Assets == 0 ? 0 : size.DatabaseBytes * 50_000.0 / size.Assets;
        report.Append(CultureInfo.InvariantCulture, $"""

            ## A library of {size.Assets} photos made by real uploads

            {upload.Requested} generated JPEGs (96×64 pixels, ~{jpegs.Make(0).Bytes.Length / 1000.0:F1} kB, an EXIF block with camera, exposure, a capture time
            between 2005 and 2025 and for 40 % a GPS position; a random comment segment makes each checksum unique) were
            uploaded by {o.LibraryConcurrency} clients at once (half through Immich's API), with a limit of {o.UploadMinutes} min for uploads and {o.JobsMinutes} min for
            the jobs (metadata, thumbnails) that follow.

            - Uploaded: **{upload.Uploaded}** of {upload.Requested} in {upload.UploadTime.TotalSeconds:F0} s ({upload.Uploaded / upload.UploadTime.TotalSeconds:F1} uploads/s); load average during uploads and jobs: {upload.LoadDuring}.
            - Jobs: {(upload.JobsFinished ? "all finished" : "NOT all finished")} {upload.JobsTime.TotalSeconds:F0} s after the last upload; {upload.FailedJobs} failed.
            - Database after the jobs, the server stopped and `PRAGMA wal_checkpoint(TRUNCATE)`: **{size.DatabaseBytes / 1e6:F1} MB** for {size.Assets} assets = **{per50k / 1e6:F1} MB per 50k assets** (DESIGN.md target ≤ 250 MB){(size.Assets < 50_000 ? " — extrapolated linearly from the measured size" : "")}; WAL left: {size.WalBytes} bytes.
            - On disk beside it: originals {size.LibraryBytes / 1e6:F1} MB, thumbnails and previews {size.ThumbsBytes / 1e6:F1} MB.
            - Largest tables and indexes (dbstat): {(size.Tables.Count == 0 ? "n/a" : string.Join(", ", size.Tables.Select(t => FormattableString.Invariant($"{t.Name} {t.Bytes / 1e6:F1} MB"))))}.

            Reads at this size, after a restart ({o.Repeats} times each after one warm-up; the incremental sync is a phone
            that had synced and acked everything, then uploaded 10 new photos):

            | endpoint | requests | errors | p50 ms | p95 ms | max ms |
            |---|--:|--:|--:|--:|--:|

            """);
        foreach (var e in log.Summary().Where(e => !e.Endpoint.StartsWith("POST /api/assets", StringComparison.Ordinal)))
        {
            report.Append(CultureInfo.InvariantCulture, $"| {e.Endpoint} | {e.Requests} | {e.Errors} | {e.P50Ms:F0} | **{e.P95Ms:F0}** | {e.MaxMs:F0} |\n");
        }
    }

    private const string AdminEmail = "bench-admin@example.com";

    private static async Task<UserClient> BootstrapAsync(HttpClient http, LatencyLog log)
    {
        using var response = await http.PostAsync("api/v1/auth/bootstrap",
            System.Net.Http.Json.JsonContent.Create(new { email = AdminEmail, name = "Bench", password = Password }));
        if ((int)response.StatusCode != 201)
        {
            throw new BenchFailureException($"bootstrap answered {(int)response.StatusCode}");
        }
        return await UserClient.LoginAsync(http, AdminEmail, Password, log);
    }

    private static HttpClient Client(Uri server) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 1000, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = server,
        Timeout = TimeSpan.FromSeconds(100),
    };

    private sealed record Options(string ServerDll, string OutMd, string Command, string Commit, string State, int Clients, int Files, int Users, int Browsers,
        int LibraryAssets, int LibraryConcurrency, double UploadMinutes, double JobsMinutes, int Repeats)
    {
        public static Options Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i].TrimStart('-')] = args[i + 1];
            }
            string S(string name, string fallback = "") => values.GetValueOrDefault(name, fallback);
            int I(string name, int fallback) => int.Parse(S(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
            double D(string name, double fallback) => double.Parse(S(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
            return new Options(S("server-dll"), S("out-md", "reliability-load.md"), S("command"), S("git-commit"), S("git-state"),
                I("clients", 100), I("files", 5), I("users", 4), I("browsers", 10),
                I("library-assets", 50_000), I("library-concurrency", 8), D("upload-minutes", 40), D("jobs-minutes", 30), I("repeats", 20));
        }
    }
}
