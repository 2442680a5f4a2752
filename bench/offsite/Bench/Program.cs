using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Offsite;

// Off-site benchmark: a library of N generated originals (random bytes: nothing compresses) with asset rows; the real
// OffsiteBackup (stage with BackupService as hard links, rclone sync/copy up, rclone check or cryptcheck, a sampled
// download, prune) to s3rver on 127.0.0.1, full then incremental (+1 %), plain and with crypt. The peer is plain
// `rclone sync` of the same staged tree to the same server. CPU % = (this process + its waited-for children, i.e. rclone)
// CPU time over wall time, from /proc/self/stat; 100 % = one core.
var options = Args.Parse(args);
var work = Path.Combine(options.WorkDir, "pivault-bench-offsite-" + Guid.NewGuid().ToString("N")[..8]);
var data = Path.Combine(work, "data");
var library = Path.Combine(data, "library");
Directory.CreateDirectory(library);
var port = FreePort();
using var s3 = Process.Start(new ProcessStartInfo("node", [options.S3rver, "-d", Path.Combine(work, "s3"), "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-s", "--configure-bucket", "pivault-bench"])
    { RedirectStandardOutput = true, RedirectStandardError = true })!;
Directory.CreateDirectory(Path.Combine(work, "s3"));
Thread.Sleep(2000);
var report = new StringBuilder();
try
{
    var pivault = new PiVaultOptions { Profile = RunProfile.Development, DataDir = data, Urls = "http://127.0.0.1:0" };
    var database = new Database(pivault.DatabasePath);
    database.Initialize();
    var owner = Guid.NewGuid().ToString();
    using (var db = database.Open())
    {
        db.Execute("INSERT INTO users (id, email, name, password_hash, is_admin, created_at, updated_at) VALUES ($id, 'bench@example.com', 'Bench', 'x', 1, 0, 0);", ("$id", owner));
    }
    var libraryBytes = Generate(database, library, owner, 0, options.Assets, options.SizeKb);
    Console.WriteLine($"generated {options.Assets} originals, {libraryBytes / 1e6:F1} MB");
    var paths = new OffsitePaths(pivault);
    var runs = new OffsiteRunStore(database);
    var store = new OffsiteRemoteStore(database);
    var remotes = new OffsiteRemotes(paths, store, runs, TimeProvider.System);
    foreach (var (name, crypt) in new[] { ("plain", false), ("sealed", true) })
    {
        await remotes.AddAsync(new OffsiteRemoteRequest(name, OffsiteKind.S3,
            new() { ["endpoint"] = $"http://127.0.0.1:{port}", ["access_key_id"] = "S3RVER", ["bucket"] = "pivault-bench", ["path"] = name },
            new() { ["secret_access_key"] = "S3RVER" }, crypt, null, null, null, null, null), CancellationToken.None);
    }
    paths.Config.Put([("peer", [new("type", "alias"), new("remote", "plain:pivault-bench/peer")])]);
    var backup = new OffsiteBackup(pivault, database, runs, new NeverWait(), TimeProvider.System);

    var rows = new List<string>();
    async Task<Measured> PiVaultRun(string name) => await Measure(async () => (await backup.RunAsync(store.Find(name)!, "bench", _ => { }, CancellationToken.None)).BytesUploaded);
    async Task<Measured> Peer() => await Measure(async () =>
    {
        var result = await new Rclone(paths.ConfigPath).RunAsync(["sync", paths.Layout("plain").Root, "peer:", "--fast-list", "--use-json-log", "-v", "--stats", "1s"], null, CancellationToken.None);
        return result.Succeeded ? 0 : throw new InvalidOperationException(result.Describe());
    });

    var plainFull = await PiVaultRun("plain");
    var sealedFull = await PiVaultRun("sealed");
    var peerFull = await Peer();
    var added = Math.Max(1, options.Assets / 100);
    var addedBytes = Generate(database, library, owner, options.Assets, added, options.SizeKb);
    var plainIncremental = await PiVaultRun("plain");
    var sealedIncremental = await PiVaultRun("sealed");
    var peerIncremental = await Peer();

    string Row(string run, Measured m, long bytes, Measured peer) => string.Create(CultureInfo.InvariantCulture,
        $"| {run} | {bytes / 1e6:F2} | {m.Wall.TotalSeconds:F2} | {bytes / 1e6 / m.Wall.TotalSeconds:F1} | {m.CpuPercent:F0} | {peer.Wall.TotalSeconds:F2} | {peer.CpuPercent:F0} | {m.Wall.TotalSeconds / peer.Wall.TotalSeconds:F2} |");
    report.AppendLine("| run | MB of originals | PiVault s | PiVault MB/s | PiVault CPU % | rclone sync s | rclone sync CPU % | PiVault / rclone sync |");
    report.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|");
    report.AppendLine(Row($"full, plain ({options.Assets} originals)", plainFull, libraryBytes, peerFull));
    report.AppendLine(Row($"full, crypt", sealedFull, libraryBytes, peerFull));
    report.AppendLine(Row($"incremental +{added} (1 %), plain", plainIncremental, addedBytes, peerIncremental));
    report.AppendLine(Row($"incremental +{added} (1 %), crypt", sealedIncremental, addedBytes, peerIncremental));
    report.AppendLine();
    report.AppendLine("- PiVault's run is the whole run: the staging (database snapshot, hard links, XMP sidecars, local SHA-1 verification of the new files and a sample), "
        + "three rclone commands up (originals and sidecars, then the database, then the manifest), `rclone check`/`cryptcheck` of every file, a sampled "
        + "download-and-compare (at least 20 files), and the prune listing. The peer only syncs the same staged tree once, with no check.");
    report.AppendLine("- MB/s is MB of originals over the run's wall time (the database, sidecars and manifest also go up, and are not counted).");
    Console.WriteLine(report.ToString());
    if (options.OutMd is { } outMd)
    {
        File.WriteAllText(outMd, Markdown(options, report.ToString(), libraryBytes));
    }
}
finally
{
    s3.Kill(entireProcessTree: true);
    Directory.Delete(work, recursive: true);
}

static async Task<Measured> Measure(Func<Task<long>> run)
{
    var cpu = CpuSeconds();
    var watch = Stopwatch.StartNew();
    await run();
    watch.Stop();
    return new Measured(watch.Elapsed, 100 * (CpuSeconds() - cpu) / watch.Elapsed.TotalSeconds);
}

// utime + stime + cutime + cstime of this process (fields 14–17 of /proc/self/stat), in seconds.
static double CpuSeconds()
{
    var stat = File.ReadAllText("/proc/self/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
}

static long Generate(Database database, string library, string owner, int first, int count, int sizeKb)
{
    var random = new Random(first + 17);
    long bytes = 0;
    using var db = database.Open();
    using var transaction = db.BeginTransaction();
    for (var i = first; i < first + count; i++)
    {
        var content = new byte[sizeKb * 1024 + random.Next(0, sizeKb * 512)];
        random.NextBytes(content);
        var relative = $"{owner}/2026/{i % 12 + 1:D2}/IMG_{i:D6}.jpg";
        var path = Path.Combine(library, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        bytes += content.Length;
        db.Execute(
            """
            INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at, file_modified_at,
                                taken_at, device_asset_id, device_id, is_favorite, created_at, updated_at)
            VALUES ($id, $owner, $checksum, 'image', $path, $name, 'image/jpeg', $size, 0, 0, 0, $name, 'bench', 0, 0, 0);
            """,
            ("$id", Guid.CreateVersion7().ToString()), ("$owner", owner), ("$checksum", SHA1.HashData(content)), ("$path", relative),
            ("$name", Path.GetFileName(relative)), ("$size", content.Length));
    }
    transaction.Commit();
    return bytes;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string Markdown(Args options, string table, long libraryBytes)
{
    var text = new StringBuilder();
    text.AppendLine("# Off-site backup: full and incremental runs to a local S3 server, against plain rclone sync");
    text.AppendLine();
    text.AppendLine("Issue 19's benchmark clause: full and incremental (1 % new) off-site runs to s3rver on 127.0.0.1 (MB/s, CPU %), with and");
    text.AppendLine("without rclone `crypt`, against plain `rclone sync` of the same tree as the peer. This build farm is shared and noisy (2 cores,");
    text.AppendLine("many builds at once): read ratios, not absolute figures. s3rver (Node) is itself a large part of the time; a real S3 or B2");
    text.AppendLine("is bound by the uplink instead.");
    text.AppendLine();
    text.AppendLine($"Command: `{options.Command}` — commit {options.GitCommit} ({options.GitState}); {options.Assets} originals of {options.SizeKb}–{options.SizeKb * 3 / 2} KiB, {libraryBytes / 1e6:F1} MB;");
    text.AppendLine($"{Environment.ProcessorCount} cores; rclone from Debian; measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
    text.AppendLine();
    text.Append(table);
    return text.ToString();
}

sealed record Measured(TimeSpan Wall, double CpuPercent);

sealed class NeverWait : IOffsitePace
{
    public string? WaitReason(OffsiteRemote remote) => null;
}

sealed record Args(int Assets, int SizeKb, string WorkDir, string S3rver, string? OutMd, string Command, string GitCommit, string GitState)
{
    public static Args Parse(string[] args)
    {
        var a = new Args(200, 64, "/var/tmp", "deps/node_modules/s3rver/bin/s3rver.js", null, "bench/offsite/run.sh", "unknown", "unknown");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            a = args[i] switch
            {
                "--assets" => a with { Assets = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--size-kb" => a with { SizeKb = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--work-dir" => a with { WorkDir = args[i + 1] },
                "--s3rver" => a with { S3rver = args[i + 1] },
                "--out-md" => a with { OutMd = args[i + 1] },
                "--command" => a with { Command = args[i + 1] },
                "--git-commit" => a with { GitCommit = args[i + 1] },
                "--git-state" => a with { GitState = args[i + 1] },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        return a;
    }
}
