using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiVault.Bench.Crash;
using PiVault.Tests.Fuzz;

namespace PiVault.Bench.Fuzz;

/// <summary>How a fuzz run is driven.</summary>
public sealed record FuzzOptions
{
    public required string Executable { get; init; }

    public IReadOnlyList<string> ExecutableArgs { get; init; } = [];

    /// <summary>The corpus files mutants start from.</summary>
    public required IReadOnlyList<string> SeedFiles { get; init; }

    public required string WorkDir { get; init; }

    public int Iterations { get; init; } = 100_000;

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Iteration i uses seed <c>Seed + i</c> for the mutant, the multipart damage and the endpoint.</summary>
    public int Seed { get; init; } = 1;

    public int Senders { get; init; } = 2;

    /// <summary>Uploads between two checks (jobs drained, every new asset served and its outcome classed).</summary>
    public int CheckEvery { get; init; } = 40;

    /// <summary>An answer or a job that takes longer is a hang.</summary>
    public TimeSpan HangLimit { get; init; } = TimeSpan.FromSeconds(90);

    public Action<string> Log { get; init; } = _ => { };
}

public sealed record FuzzReport(
    int Iterations, TimeSpan Elapsed, int Crashes, int Hangs, int Stored, int Drawn, int Failed,
    SortedDictionary<int, int> Statuses, Dictionary<string, int> RefusalClasses, Dictionary<string, int> JobErrorClasses,
    long MaxRssBytes, long PeakHwmBytes, int DbCheckExit, string DbCheckLine, IReadOnlyList<string> Violations);

/// <summary>
/// Hostile uploads against the real server as a child process: half the bodies well-formed around a mutated corpus
/// file (<see cref="CorpusMutator"/>), half with damaged multipart framing too (<see cref="MultipartMutator"/>), to both
/// upload endpoints. Every <see cref="FuzzOptions.CheckEvery"/> uploads the jobs are drained and each new asset is served
/// and classed. Watches for crashes (the process ends), hangs (an answer or a job past the limit), 5xx, retried jobs
/// (an exception nobody expected) and the server's memory (VmRSS sampled, VmHWM).
/// </summary>
public sealed class FuzzHarness(FuzzOptions options)
{
    private const string Email = "fuzz@example.com";
    private const string Password = "fuzz harness password";

    private readonly List<string> violations = [];
    private readonly SortedDictionary<int, int> statuses = [];
    private readonly Dictionary<string, int> refusals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> jobErrors = new(StringComparer.Ordinal);
    private readonly List<(string Id, string What)> unseen = [];
    private readonly Dictionary<long, DateTime> runningSince = [];
    private readonly HashSet<long> retried = [];
    private readonly HashSet<long> hung = [];
    private readonly Lock gate = new();
    private int crashes;
    private int hangs;
    private int stored;
    private int drawn;
    private int failed;
    private long maxRss;
    private long lastRss;
    private long peakHwm;
    private ChildServer server = null!;
    private string token = "";
    private int run;

    private string DataDir => Path.Combine(options.WorkDir, "data");

    public async Task<FuzzReport> RunAsync()
    {
        Directory.CreateDirectory(options.WorkDir);
        var clock = Stopwatch.StartNew();
        await StartAsync(first: true);
        using var sampling = new CancellationTokenSource();
        var sampler = SampleMemoryAsync(sampling.Token);
        var done = 0;
        while (done < options.Iterations && clock.Elapsed < options.TimeLimit)
        {
            var batch = Math.Min(options.CheckEvery, options.Iterations - done);
            var from = done;
            await Task.WhenAll(Enumerable.Range(0, options.Senders).Select(s => SendRangeAsync(from, batch, s)));
            done += batch;
            await CheckAsync();
            options.Log($"{done} uploads, {stored} stored ({drawn} drawn, {failed} failed), {crashes} crashes, {hangs} hangs, " +
                        $"RSS {lastRss / 1048576} MB (max {maxRss / 1048576} MB), {violations.Count} violations");
        }
        sampling.Cancel();
        await sampler;
        ReadMemory();
        server.Stop(TimeSpan.FromSeconds(30));
        var (exit, line) = await DbCheckAsync();
        return new FuzzReport(done, clock.Elapsed, crashes, hangs, stored, drawn, failed, statuses, refusals, jobErrors,
            maxRss, peakHwm, exit, line, violations);
    }

    private async Task SendRangeAsync(int from, int count, int sender)
    {
        using var client = new HttpClient { BaseAddress = server.Base, Timeout = options.HangLimit };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        for (var i = from + sender; i < from + count; i += options.Senders)
        {
            await SendAsync(client, i);
        }
    }

    private async Task SendAsync(HttpClient client, int iteration)
    {
        var seed = unchecked(options.Seed + iteration) & 0x7FFFFFFF;
        var file = options.SeedFiles[(int)((uint)HashCode.Combine(seed, 7) % (uint)options.SeedFiles.Count)];
        var mutant = CorpusMutator.Mutate(await File.ReadAllBytesAsync(file), Path.GetFileName(file), seed);
        var immich = iteration / 2 % 2 == 1;
        var body = MultipartMutator.Build(mutant.Bytes, mutant.FileName, seed, immich, iteration % 2 == 0 ? MultipartDamage.None : null);
        var what = $"{Path.GetFileName(file)}, {mutant.Description}, {body.Description}";
        using var content = new ByteArrayContent(body.Bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        try
        {
            using var response = await client.PostAsync(new Uri(immich ? "/api/assets" : "/api/v1/assets", UriKind.Relative), content);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            lock (gate)
            {
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
            Record(status, text, what);
        }
        catch (TaskCanceledException)
        {
            Violation(ref hangs, $"no answer within {options.HangLimit.TotalSeconds:F0} s: {what}");
        }
        catch (HttpRequestException e)
        {
            Violation($"{(server.HasExited ? "the server ended" : "connection failed")} during {what}: {e.Message}");
        }
    }

    private void Record(int status, string text, string what)
    {
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            Violation($"{status} without a JSON body for {what}");
            return;
        }
        if (status >= 500)
        {
            Violation($"{status} for {what}: {text}");
        }
        else if (status == 201)
        {
            lock (gate)
            {
                unseen.Add((json.GetProperty("id").GetString()!, what));
            }
        }
        else if (status >= 400)
        {
            var detail = json.TryGetProperty("detail", out var d) ? d.GetString() : json.TryGetProperty("message", out var m) ? m.GetString() : null;
            lock (gate)
            {
                var key = $"{status} {ErrorClass.Of(detail ?? "(no detail)")}";
                refusals[key] = refusals.GetValueOrDefault(key) + 1;
            }
        }
    }

    /// <summary>Restarts a server that ended (a crash), drains the jobs, then serves and classes every new asset.</summary>
    private async Task CheckAsync()
    {
        if (server.HasExited)
        {
            Violation(ref crashes, $"the server ended with {server.ExitCode}: {string.Join(" | ", server.LogLines().Where(l => l.Length > 0).TakeLast(8))}");
            await StartAsync(first: false);
        }
        await DrainAsync();
        using var client = new HttpClient { BaseAddress = server.Base, Timeout = options.HangLimit };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var db = Open();
        foreach (var (id, what) in unseen)
        {
            stored++;
            var asset = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/assets/{id}", UriKind.Relative));
            using var thumbnail = await client.GetAsync(new Uri($"/api/v1/assets/{id}/thumbnail", UriKind.Relative));
            if ((int)thumbnail.StatusCode >= 500)
            {
                Violation($"thumbnail of {id} answered {(int)thumbnail.StatusCode}: {what}");
            }
            if (asset.GetProperty("hasThumbnail").GetBoolean())
            {
                drawn++;
            }
            else if (Scalar(db, "SELECT last_error FROM jobs WHERE asset_id = $id AND kind = 'asset.thumbnails' AND state = 'failed';", id) is { } error)
            {
                failed++;
                jobErrors[ErrorClass.Of(error)] = jobErrors.GetValueOrDefault(ErrorClass.Of(error)) + 1;
            }
            else if (asset.GetProperty("type").GetString() != "other")
            {
                Violation($"asset {id} has neither a thumbnail nor a failed job: {what}");
            }
        }
        unseen.Clear();
        if (Scalar(db, "SELECT group_concat(asset_id || ': ' || last_error, ' | ') FROM jobs WHERE kind = 'asset.metadata' AND state = 'failed';", null) is { } metadata)
        {
            Violation($"metadata jobs failed: {metadata}");
        }
    }

    /// <summary>
    /// Until no job is pending or running, apart from retries (waiting out their back-off); a retry (an exception nobody
    /// expected) and a job running past the hang limit are violations.
    /// </summary>
    private async Task DrainAsync()
    {
        var deadline = DateTime.UtcNow + 4 * options.HangLimit;
        using var db = Open();
        while (DateTime.UtcNow < deadline)
        {
            var waiting = 0;
            using (var command = db.CreateCommand())
            {
                command.CommandText = "SELECT id, kind, asset_id, state, attempts, last_error FROM jobs WHERE state IN ('pending', 'running');";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var (id, kind, asset, state, attempts) = (reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetString(3), reader.GetInt32(4));
                    if (state == "pending" && attempts > 0)
                    {
                        if (retried.Add(id))
                        {
                            Violation($"{kind} job of {asset} is retried after an unexpected error: {(reader.IsDBNull(5) ? "" : reader.GetString(5))}");
                        }
                        continue;
                    }
                    waiting++;
                    if (state != "running")
                    {
                        continue;
                    }
                    var since = runningSince.TryAdd(id, DateTime.UtcNow) ? DateTime.UtcNow : runningSince[id];
                    if (DateTime.UtcNow - since > options.HangLimit && hung.Add(id))
                    {
                        Violation(ref hangs, $"{kind} job of {asset} still running after {options.HangLimit.TotalSeconds:F0} s");
                    }
                }
            }
            if (waiting == 0)
            {
                return;
            }
            await Task.Delay(200);
        }
        Violation(ref hangs, $"jobs still open after {4 * options.HangLimit.TotalSeconds:F0} s");
    }

    private async Task StartAsync(bool first)
    {
        server = ChildServer.Start(options.Executable, options.ExecutableArgs, DataDir, Path.Combine(options.WorkDir, $"server-{run++}.log"));
        await server.WaitUntilReadyAsync();
        using var client = new HttpClient { BaseAddress = server.Base };
        var credentials = new { email = Email, name = "Fuzz", password = Password };
        if (first)
        {
            (await client.PostAsJsonAsync(new Uri("/api/v1/auth/bootstrap", UriKind.Relative), credentials)).EnsureSuccessStatusCode();
        }
        var login = await client.PostAsJsonAsync(new Uri("/api/v1/auth/login", UriKind.Relative), credentials);
        token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private async Task SampleMemoryAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ReadMemory();
            try
            {
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void ReadMemory()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{server.ProcessId}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal) || line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var bytes = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                    ref var max = ref line[2] == 'R' ? ref maxRss : ref peakHwm;
                    max = Math.Max(max, bytes);
                    lastRss = line[2] == 'R' ? bytes : lastRss;
                }
            }
        }
        catch (IOException)
        {
            // between a crash and the restart
        }
    }

    private async Task<(int Exit, string Line)> DbCheckAsync()
    {
        var start = new ProcessStartInfo(options.Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in options.ExecutableArgs.Concat(["db", "check", "--verify", "--data-dir", DataDir]))
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Violation($"db check --verify: {output.Trim()}");
        }
        return (process.ExitCode, output.Trim().Split('\n')[^1]);
    }

    private SqliteConnection Open()
    {
        var db = new SqliteConnection($"Data Source={Path.Combine(DataDir, "pivault.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        return db;
    }

    private static string? Scalar(SqliteConnection db, string sql, string? id)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", (object?)id ?? DBNull.Value);
        return command.ExecuteScalar() as string;
    }

    private void Violation(string what)
    {
        var ignored = 0;
        Violation(ref ignored, what);
    }

    private void Violation(ref int counter, string what)
    {
        lock (gate)
        {
            counter++;
            violations.Add(what);
        }
        options.Log($"VIOLATION {what}");
    }
}
