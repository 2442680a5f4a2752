using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PiVault.Bench.Crash;

/// <summary>How a crash run is driven; the bench and the test suite differ only in these.</summary>
public sealed record CrashOptions
{
    /// <summary>The server: an executable and the arguments before <c>serve …</c> (e.g. <c>dotnet</c>, <c>[pivault.dll]</c>).</summary>
    public required string Executable { get; init; }

    public IReadOnlyList<string> ExecutableArgs { get; init; } = [];

    /// <summary>A decodable JPEG; every upload is it with a comment segment of seeded random bytes (its own checksum).</summary>
    public required byte[] BaseJpeg { get; init; }

    public required string WorkDir { get; init; }

    public int Kills { get; init; } = 300;

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Kills land uniformly between 0 and this long after the server answers.</summary>
    public TimeSpan MaxKillDelay { get; init; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>Share of kills made during start-up (before it answers), which is when recovery runs.</summary>
    public double StartupKillShare { get; init; } = 0.1;

    /// <summary>Uploaders running at once (half through PiVault's API, half through Immich's).</summary>
    public int Uploaders { get; init; } = 4;

    /// <summary>The largest upload's padding; sizes are uniform up to it, so kills also land mid-body.</summary>
    public int MaxUploadBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>How long the last start may take to finish every job.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public int Seed { get; init; } = 1;

    public Action<string> Log { get; init; } = _ => { };
}

/// <summary>What a crash run found. <see cref="Violations"/> empty means every invariant held after every kill.</summary>
public sealed record CrashReport(
    int Kills, int StartupKills, TimeSpan Elapsed, int Acknowledged, int Created, int Duplicates, int CutOff, int Refused,
    int RecoveredOriginals, int RecoveredTemps, int AssetsAtEnd, int JobsLeftAtEnd, IReadOnlyList<string> Violations);

/// <summary>
/// Crash consistency, end to end: the real server as a child process, uploads through both APIs (new files, resends of
/// acknowledged ones, resends of ones cut off by a kill) while its jobs run, SIGKILL at a random moment, start again,
/// and check after every kill:
/// <list type="bullet">
/// <item>every acknowledged upload has exactly one row, with the id it was acknowledged with, and its original has those bytes;</item>
/// <item>no orphan: every file in the library is held by a row, no row lacks its file, the upload journal and
/// <c>library/.tmp</c> are empty once the server is up again;</item>
/// <item>every asset's pipeline is done or has its next job pending or running (none lost, none failed);</item>
/// <item><c>PRAGMA integrity_check</c> answers ok on the database as the kill left it.</item>
/// </list>
/// At the end the server runs until no job is left, and every asset must have its metadata and thumbnails.
/// </summary>
public sealed class CrashHarness(CrashOptions options)
{
    private const string Email = "crash@example.com";
    private const string Password = "crash harness password";

    private readonly List<string> violations = [];
    private readonly Dictionary<string, Acked> acknowledged = new(StringComparer.Ordinal); // by SHA-1 hex
    private readonly List<Payload> cutOff = [];
    private readonly Lock gate = new();
    private readonly Random random = new(options.Seed);
    private int nextSeed;
    private int created;
    private int duplicates;
    private int cutOffCount;
    private int refused;
    private int recoveredOriginals;
    private int recoveredTemps;

    private string DataDir => Path.Combine(options.WorkDir, "data");

    private string DatabasePath => Path.Combine(DataDir, "pivault.db");

    private string LibraryDir => Path.Combine(DataDir, "library");

    public async Task<CrashReport> RunAsync()
    {
        Directory.CreateDirectory(options.WorkDir);
        var clock = Stopwatch.StartNew();
        string token;
        var server = await StartAsync(0);
        try
        {
            token = await BootstrapAsync(server.Base);
        }
        finally
        {
            server.Kill();
        }
        var kills = 0;
        var startupKills = 0;
        for (var run = 1; kills < options.Kills && clock.Elapsed < options.TimeLimit && violations.Count < 20; run++)
        {
            server = await StartAsync(run, waitUntilReady: false);
            try
            {
                if (random.NextDouble() < options.StartupKillShare)
                {
                    await Task.Delay(random.Next(0, 400));
                    startupKills++;
                }
                else
                {
                    await server.WaitUntilReadyAsync();
                    CountRecovery(server);
                    CheckAfterRestart(run);
                    await DriveAndKillAsync(server, token, TimeSpan.FromMilliseconds(random.NextDouble() * options.MaxKillDelay.TotalMilliseconds));
                }
            }
            finally
            {
                server.Kill();
            }
            kills++;
            CheckIntegrity(run);
            if (kills % 25 == 0)
            {
                options.Log($"{kills} kills, {acknowledged.Count} acknowledged, {violations.Count} violations, {clock.Elapsed.TotalMinutes:F1} min");
            }
        }

        var jobsLeft = -1;
        var assets = 0;
        server = await StartAsync(kills + 1);
        try
        {
            await server.WaitUntilReadyAsync();
            CountRecovery(server);
            CheckAfterRestart(kills + 1);
            (jobsLeft, assets) = await DrainAsync();
            CheckEverythingProcessed(jobsLeft);
        }
        finally
        {
            server.Kill();
        }
        CheckIntegrity(kills + 1);
        return new CrashReport(kills, startupKills, clock.Elapsed, acknowledged.Count, created, duplicates, cutOffCount, refused,
            recoveredOriginals, recoveredTemps, assets, jobsLeft, violations);
    }

    private async Task<ChildServer> StartAsync(int run, bool waitUntilReady = true)
    {
        var server = ChildServer.Start(options.Executable, options.ExecutableArgs, DataDir, Path.Combine(options.WorkDir, $"server-{run % 2}.log"));
        if (waitUntilReady)
        {
            await server.WaitUntilReadyAsync();
        }
        return server;
    }

    private void CountRecovery(ChildServer server)
    {
        foreach (var line in server.LogLines())
        {
            if (line.Contains("its upload was interrupted", StringComparison.Ordinal))
            {
                recoveredOriginals++;
            }
            else if (line.Contains("temp files left by interrupted uploads", StringComparison.Ordinal)
                && line.Split(' ').SkipWhile(w => w != "Removed").Skip(1).FirstOrDefault() is { } count
                && int.TryParse(count, CultureInfo.InvariantCulture, out var temps))
            {
                recoveredTemps += temps;
            }
        }
    }

    /// <summary>Uploads until the kill: each uploader sends new files, resends acknowledged ones and ones a kill cut off.</summary>
    private async Task DriveAndKillAsync(ChildServer server, string token, TimeSpan killAfter)
    {
        using var stop = new CancellationTokenSource();
        var uploaders = Enumerable.Range(0, options.Uploaders).Select(i => UploadLoopAsync(server.Base, token, immich: i % 2 == 1, stop.Token)).ToList();
        await Task.Delay(killAfter);
        server.Kill();
        await stop.CancelAsync();
        await Task.WhenAll(uploaders);
    }

    private async Task UploadLoopAsync(Uri baseAddress, string token, bool immich, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        while (!stop.IsCancellationRequested)
        {
            var payload = Next();
            var bytes = payload.Bytes(options.BaseJpeg);
            var sha1 = Sha1Hex(bytes);
            using var form = Form(bytes, payload, immich);
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsync(immich ? "/api/assets" : "/api/v1/assets", form, CancellationToken.None);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                lock (gate)
                {
                    cutOff.Add(payload); // not acknowledged: sent again later, as a phone would
                    cutOffCount++;
                }
                return; // the server is gone
            }
            using (response)
            {
                await Acknowledge(payload, sha1, response);
            }
        }
    }

    private Payload Next()
    {
        lock (gate)
        {
            var roll = random.NextDouble();
            if (roll < 0.1 && cutOff.Count > 0)
            {
                var index = random.Next(cutOff.Count);
                var again = cutOff[index];
                cutOff.RemoveAt(index);
                return again;
            }
            if (roll < 0.25 && acknowledged.Count > 0)
            {
                return acknowledged.Values.ElementAt(random.Next(acknowledged.Count)).Payload;
            }
            return new Payload(++nextSeed + (options.Seed * 1_000_000), random.Next(64, options.MaxUploadBytes));
        }
    }

    private async Task Acknowledge(Payload payload, string sha1, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        string? id = null;
        if (status is 200 or 201)
        {
            try
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                id = json.RootElement.GetProperty("id").GetString();
            }
            catch (Exception e) when (e is HttpRequestException or IOException or JsonException)
            {
                lock (gate)
                {
                    cutOff.Add(payload);
                    cutOffCount++;
                }
                return; // headers came, the body did not: not acknowledged
            }
        }
        lock (gate)
        {
            if (id is null)
            {
                refused++;
                Violation($"upload of {payload} answered {status}, not 200/201");
                return;
            }
            if (status == 201)
            {
                created++;
            }
            else
            {
                duplicates++;
            }
            if (acknowledged.TryGetValue(sha1, out var earlier))
            {
                if (earlier.Id != id)
                {
                    Violation($"{payload} was acknowledged as {earlier.Id} and later as {id}");
                }
                if (status == 201)
                {
                    Violation($"{payload} was created twice (as {earlier.Id}, then {id})");
                }
                return;
            }
            acknowledged[sha1] = new Acked(payload, id);
        }
    }

    private static MultipartFormDataContent Form(byte[] bytes, Payload payload, bool immich)
    {
        var form = new MultipartFormDataContent();
        var name = $"crash-{payload.Seed.ToString(CultureInfo.InvariantCulture)}.jpg";
        if (immich)
        {
            form.Add(new StringContent($"crash-{payload.Seed.ToString(CultureInfo.InvariantCulture)}"), "deviceAssetId");
            form.Add(new StringContent("crash-harness"), "deviceId");
            form.Add(new StringContent("2024-05-01T10:00:00.000Z"), "fileCreatedAt");
            form.Add(new StringContent("2024-05-01T10:00:00.000Z"), "fileModifiedAt");
        }
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, immich ? "assetData" : "file", name);
        return form;
    }

    /// <summary>With the server up again (so start-up recovery has run) and before any upload of this run.</summary>
    private void CheckAfterRestart(int run)
    {
        using var db = Open();
        using var snapshot = db.BeginTransaction(deferred: true);
        var rows = Query(db, "SELECT id, owner_id, checksum, original_path, type, metadata_at IS NOT NULL, thumbnails_at IS NOT NULL FROM assets;",
            r => (Id: r.GetString(0), Owner: r.GetString(1), Sha1: Convert.ToHexString((byte[])r.GetValue(2)), Path: r.GetString(3),
                Type: r.GetString(4), Metadata: r.GetBoolean(5), Thumbnails: r.GetBoolean(6)));
        var jobs = Query(db, "SELECT asset_id, kind, state, coalesce(last_error, '') FROM jobs WHERE asset_id IS NOT NULL;",
            r => (Asset: r.GetString(0), Kind: r.GetString(1), State: r.GetString(2), Error: r.GetString(3)));
        var journal = Query(db, "SELECT original_path FROM upload_journal;", r => r.GetString(0));
        snapshot.Commit();

        var byChecksum = rows.GroupBy(r => (r.Owner, r.Sha1)).ToList();
        foreach (var group in byChecksum.Where(g => g.Count() > 1))
        {
            Violation($"run {run}: {group.Count()} rows for one checksum of one user");
        }
        var rowsBySha1 = rows.GroupBy(r => r.Sha1).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        lock (gate)
        {
            foreach (var (sha1, acked) in acknowledged)
            {
                if (!rowsBySha1.TryGetValue(sha1, out var row))
                {
                    Violation($"run {run}: acknowledged {acked.Payload} ({acked.Id}) has no row");
                }
                else if (row.Id != acked.Id)
                {
                    Violation($"run {run}: acknowledged {acked.Payload} as {acked.Id}, but its row is {row.Id}");
                }
                else
                {
                    var full = Path.Combine(LibraryDir, row.Path);
                    if (!File.Exists(full))
                    {
                        Violation($"run {run}: the original of acknowledged {acked.Id} is missing ({row.Path})");
                    }
                    else if (!string.Equals(Sha1Hex(File.ReadAllBytes(full)), sha1, StringComparison.Ordinal))
                    {
                        Violation($"run {run}: the original of acknowledged {acked.Id} does not have its bytes");
                    }
                }
            }
        }
        var held = rows.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var path in LibraryFiles())
        {
            if (!held.Contains(path))
            {
                Violation($"run {run}: orphan original {path}");
            }
        }
        foreach (var row in rows.Where(r => !File.Exists(Path.Combine(LibraryDir, r.Path))))
        {
            Violation($"run {run}: row {row.Id} has no original ({row.Path})");
        }
        foreach (var path in journal)
        {
            Violation($"run {run}: upload journal entry {path} left after start-up");
        }
        var temps = Path.Combine(LibraryDir, ".tmp");
        if (Directory.Exists(temps) && Directory.EnumerateFiles(temps).Any())
        {
            Violation($"run {run}: temp files left in library/.tmp after start-up");
        }
        var live = jobs.Where(j => j.State is "pending" or "running").Select(j => (j.Asset, j.Kind)).ToHashSet();
        foreach (var job in jobs.Where(j => j.State is not ("pending" or "running")))
        {
            Violation($"run {run}: job {job.Kind} of {job.Asset} is {job.State}: {job.Error}");
        }
        foreach (var row in rows.Where(r => r.Type is "image" or "video"))
        {
            if (!row.Metadata && !live.Contains((row.Id, "asset.metadata")))
            {
                Violation($"run {run}: asset {row.Id} has no metadata and no metadata job");
            }
            else if (row.Metadata && !row.Thumbnails && !live.Contains((row.Id, "asset.thumbnails")) && !live.Contains((row.Id, "asset.metadata")))
            {
                Violation($"run {run}: asset {row.Id} has no thumbnails and no thumbnail job");
            }
        }
    }

    /// <summary>On the database exactly as the kill left it, before the next start touches it.</summary>
    private void CheckIntegrity(int run)
    {
        using var db = Open();
        var result = Query(db, "PRAGMA integrity_check;", r => r.GetString(0));
        if (result is not ["ok"])
        {
            Violation($"run {run}: integrity_check: {string.Join("; ", result.Take(5))}");
        }
        SqliteConnection.ClearPool(db);
    }

    private async Task<(int JobsLeft, int Assets)> DrainAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var db = Open();
            var left = Scalar(db, "SELECT count(*) FROM jobs WHERE state IN ('pending', 'running');");
            var assets = Scalar(db, "SELECT count(*) FROM assets;");
            if (left == 0 || deadline.Elapsed > options.DrainTimeout)
            {
                return (left, assets);
            }
            await Task.Delay(500);
        }
    }

    private void CheckEverythingProcessed(int jobsLeft)
    {
        if (jobsLeft != 0)
        {
            Violation($"end: {jobsLeft} jobs still pending or running after {options.DrainTimeout.TotalMinutes} min");
            return;
        }
        using var db = Open();
        var unfinished = Scalar(db, "SELECT count(*) FROM assets WHERE type = 'image' AND (metadata_at IS NULL OR thumbnails_at IS NULL);");
        if (unfinished > 0)
        {
            Violation($"end: {unfinished} photos without metadata or thumbnails once every job had run");
        }
        var failed = Scalar(db, "SELECT count(*) FROM jobs;");
        if (failed > 0)
        {
            Violation($"end: {failed} jobs left (failed) once the queues were empty");
        }
    }

    private IEnumerable<string> LibraryFiles() => Directory.Exists(LibraryDir)
        ? Directory.EnumerateFiles(LibraryDir, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(LibraryDir, p))
            .Where(p => !p.StartsWith(".tmp", StringComparison.Ordinal))
        : [];

    private SqliteConnection Open()
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        db.Open();
        return db;
    }

    private static List<T> Query<T>(SqliteConnection db, string sql, Func<SqliteDataReader, T> map)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(map(reader));
        }
        return list;
    }

    private static int Scalar(SqliteConnection db, string sql) => Query(db, sql, r => r.GetInt32(0))[0];

    private void Violation(string what)
    {
        lock (gate)
        {
            violations.Add(what);
        }
        options.Log("VIOLATION " + what);
    }

    private static async Task<string> BootstrapAsync(Uri baseAddress)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        var body = new Dictionary<string, string> { ["email"] = Email, ["password"] = Password, ["name"] = "Crash" };
        (await client.PostAsJsonAsync("/api/v1/auth/bootstrap", body)).EnsureSuccessStatusCode();
        using var login = await client.PostAsJsonAsync("/api/v1/auth/login", body);
        login.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    internal static string Sha1Hex(byte[] bytes) => Convert.ToHexString(SHA1.HashData(bytes));

    private sealed record Acked(Payload Payload, string Id);

    /// <summary>An upload's content, made again from its seed whenever needed (nothing large is kept).</summary>
    private sealed record Payload(int Seed, int PaddingBytes)
    {
        public byte[] Bytes(byte[] baseJpeg)
        {
            var generator = new Random(Seed);
            using var jpeg = new MemoryStream(baseJpeg.Length + PaddingBytes + 1024);
            jpeg.Write(baseJpeg.AsSpan(0, 2)); // SOI, then comment segments of seeded bytes
            for (var left = PaddingBytes; left > 0;)
            {
                var length = Math.Min(left, 65_000);
                var segment = new byte[length];
                generator.NextBytes(segment);
                jpeg.Write([0xFF, 0xFE, (byte)((length + 2) >> 8), (byte)(length + 2)]);
                jpeg.Write(segment);
                left -= length;
            }
            jpeg.Write(baseJpeg.AsSpan(2));
            return jpeg.ToArray();
        }

        public override string ToString() => $"upload #{Seed.ToString(CultureInfo.InvariantCulture)} ({PaddingBytes.ToString(CultureInfo.InvariantCulture)} B padding)";
    }
}
