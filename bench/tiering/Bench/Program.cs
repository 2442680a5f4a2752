using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Tiering;
using PiVault.Server.Features.Users;
using PiVault.Server.Pipeline;
using PiVault.Server.Storage;

// Tiering benchmark (issue 15): moves originals hot → cold with the real TierMoveService (journal, copy, fsync, rename,
// fsync, SHA-1 read-back, switch in one transaction, delete the hot copy) over a real SQLite database, both folders on
// this machine's disk. Setup (writing the originals and their rows) is not timed.
var opts = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
    .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Length ? args[p.i + 1] : "", StringComparer.Ordinal);
string Opt(string name, string fallback) => opts.TryGetValue(name, out var v) ? v : fallback;
var work = Opt("dir", Path.Combine("/var/tmp", "pivault-bench-tiering"));
var scenarios = new[]
{
    ("small photos", int.Parse(Opt("photos", "2000"), CultureInfo.InvariantCulture), 256 * 1024),
    ("camera photos", int.Parse(Opt("large", "150"), CultureInfo.InvariantCulture), 4 * 1024 * 1024),
};
var results = new List<(string Name, int Count, int Bytes, double Seconds, double[] MoveMs)>();
foreach (var (name, count, size) in scenarios)
{
    var folder = Path.Combine(work, Guid.NewGuid().ToString("N"));
    try
    {
        var (seconds, moveMs) = Run(folder, count, size);
        results.Add((name, count, size, seconds, moveMs));
        Console.WriteLine($"{name}: {count} × {size / 1024} KiB in {seconds:F2} s = {count / seconds:F1} moves/s, {count * (double)size / (1 << 20) / seconds:F1} MiB/s");
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}
var md = new StringBuilder();
md.AppendLine("# Tiering: moves to the cold tier per second");
md.AppendLine();
md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{Opt("command", "bench/tiering/run.sh")}` · commit `{Opt("git-commit", "unknown")}` ({Opt("git-state", "?")}) · {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC · {Environment.ProcessorCount} cores, load average at end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
md.AppendLine();
md.AppendLine("The real `TierMoveService` moves every original of a library (rows in a real SQLite file, synchronous=FULL) one after");
md.AppendLine("another, as the `storage` queue's one worker does: journal → copy → fsync → rename → fsync folder → SHA-1 read-back →");
md.AppendLine("switch the tier in one transaction → delete the hot copy → fsync folder → end the journal entry. Hot and cold folders");
md.AppendLine("are on the same disk of this farm machine (a shared VM disk), so this measures the per-move overhead and the");
md.AppendLine("fsync cost more than two drives' bandwidth; the source reads come from the page cache (the files were just written).");
md.AppendLine();
md.AppendLine("| originals | count | size | total | wall | moves/s | MiB/s | per move median | p95 |");
md.AppendLine("|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
{
    var sorted = r.MoveMs.Order().ToArray();
    md.AppendLine(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.Count} | {r.Bytes / 1024} KiB | {r.Count * (double)r.Bytes / (1 << 20):F0} MiB | {r.Seconds:F2} s | **{r.Count / r.Seconds:F1}** | **{r.Count * (double)r.Bytes / (1 << 20) / r.Seconds:F1}** | {sorted[sorted.Length / 2]:F1} ms | {sorted[(int)(sorted.Length * 0.95)]:F1} ms |");
}
if (Opt("out-md", "") is { Length: > 0 } outMd)
{
    File.WriteAllText(outMd, md.ToString());
}
Console.Write(md);
return 0;

static (double Seconds, double[] MoveMs) Run(string folder, int count, int size)
{
    var dataDir = Path.Combine(folder, "data");
    Directory.CreateDirectory(dataDir);
    var database = new Database(Path.Combine(dataDir, "pivault.db"));
    database.Initialize();
    var hot = new LibraryFileStore(Path.Combine(dataDir, "library"));
    var cold = new ColdTierStore(Path.Combine(folder, "cold"));
    Directory.CreateDirectory(cold.Root);
    var ids = Seed(database, hot, count, size);
    var store = new TierMoveStore();
    var recovery = new TierMoveRecovery(database, store, hot, cold, TimeProvider.System, NullLogger<TierMoveRecovery>.Instance);
    var mover = new TierMoveService(database, store, hot, cold, recovery, TimeProvider.System, NullLogger<TierMoveService>.Instance);
    var moveMs = new double[count];
    var total = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        var one = Stopwatch.StartNew();
        if (mover.MoveToCold(ids[i], pinFavorites: true) != TierMoveOutcome.Moved)
        {
            throw new InvalidOperationException($"asset {ids[i]} did not move");
        }
        moveMs[i] = one.Elapsed.TotalMilliseconds;
    }
    var seconds = total.Elapsed.TotalSeconds;
    using var db = database.Open();
    if (store.CountOnCold(db) != count || hot.EnumerateOriginals().Any())
    {
        throw new InvalidOperationException("not every original ended on the cold tier exactly once");
    }
    SqliteClear(db);
    return (seconds, moveMs);
}

static List<string> Seed(Database database, LibraryFileStore hot, int count, int size)
{
    using var db = database.Open();
    var now = DateTimeOffset.UtcNow;
    new UserStore().Insert(db, new UserRecord("bench-user", "bench@example.invalid", "Bench", "no-login", true, null, now, now));
    var assets = new AssetStore(JobSteps.Production);
    var random = new Random(15);
    var bytes = new byte[size];
    var ids = new List<string>(count);
    using var transaction = db.BeginTransaction();
    for (var i = 0; i < count; i++)
    {
        random.NextBytes(bytes);
        var relative = Path.Combine("bench-user", "2020", "01", $"IMG_{i:D5}.jpg");
        var path = hot.FullPath(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        var taken = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i);
        var id = Guid.CreateVersion7().ToString();
#pragma warning disable CA5350 // Immich's content identity, not a security control
        var checksum = SHA1.HashData(bytes);
#pragma warning restore CA5350
        assets.TryInsert(db, new AssetRecord(id, "bench-user", checksum, AssetType.Image, relative, $"IMG_{i:D5}.jpg", "image/jpeg", size,
            taken, taken, taken, null, null, false, now, now, null));
        ids.Add(id);
    }
    transaction.Commit();
    return ids;
}

static void SqliteClear(Microsoft.Data.Sqlite.SqliteConnection db) => Microsoft.Data.Sqlite.SqliteConnection.ClearPool(db);
