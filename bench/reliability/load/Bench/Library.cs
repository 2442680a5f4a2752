using PiVault.Bench.Upload;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace PiVault.Bench.Load;

/// <summary>
/// A big library made the way a household makes one: real uploads through the API, then the pipeline's jobs. Then the
/// database is measured (after a TRUNCATE checkpoint, with the server stopped) and the timeline and sync are timed.
/// </summary>
internal static class Library
{
    public sealed record UploadPhase(int Requested, int Uploaded, TimeSpan UploadTime, TimeSpan JobsTime, bool JobsFinished, long FailedJobs, string LoadDuring);

    public sealed record Size(long DatabaseBytes, long WalBytes, long LibraryBytes, long ThumbsBytes, long Assets, List<(string Name, long Bytes)> Tables);

    public static async Task<UploadPhase> UploadAsync(UserClient user, JpegFactory jpegs, int count, int concurrency, TimeSpan uploadLimit, TimeSpan jobsLimit)
    {
        var load = new LoadSampler();
        var next = -1;
        var uploaded = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count && clock.Elapsed < uploadLimit)
            {
                var (status, _, result) = await user.UploadAsync(jpegs.Make(i), immich: i % 2 == 1, $"lib-{i}");
                if (status != 201 || result != "created")
                {
                    throw new BenchFailureException($"Upload {i} answered {status} {result}");
                }
                var done = Interlocked.Increment(ref uploaded);
                if (done % 5000 == 0)
                {
                    Console.WriteLine($"  {done} uploaded in {clock.Elapsed.TotalSeconds:F0} s (load {LoadSampler.Now()})");
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var uploadTime = clock.Elapsed;
        Console.WriteLine($"  {uploaded} uploads in {uploadTime.TotalSeconds:F0} s; waiting for the jobs");
        clock.Restart();
        (long Open, long Failed) jobs;
        var lastReport = TimeSpan.Zero;
        while ((jobs = await user.JobsAsync()).Open > 0 && clock.Elapsed < jobsLimit)
        {
            if (clock.Elapsed - lastReport > TimeSpan.FromMinutes(1))
            {
                Console.WriteLine($"  {jobs.Open} jobs open after {clock.Elapsed.TotalSeconds:F0} s (load {LoadSampler.Now()})");
                lastReport = clock.Elapsed;
            }
            await Task.Delay(2000);
        }
        return new UploadPhase(count, uploaded, uploadTime, clock.Elapsed, jobs.Open == 0, jobs.Failed, load.Stop());
    }

    /// <summary>With the server stopped: checkpoint the WAL into the file and truncate it, then measure.</summary>
    public static Size Measure(string dataDir)
    {
        var path = Path.Combine(dataDir, "pivault.db");
        var tables = new List<(string, long)>();
        long assets;
        using (var db = new SqliteConnection($"Data Source={path}"))
        {
            db.Open();
            using (var checkpoint = db.CreateCommand())
            {
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                checkpoint.ExecuteNonQuery();
            }
            using (var count = db.CreateCommand())
            {
                count.CommandText = "SELECT count(*) FROM assets;";
                assets = (long)count.ExecuteScalar()!;
            }
            try
            {
                using var stat = db.CreateCommand();
                stat.CommandText = "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12;";
                using var reader = stat.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add((reader.GetString(0), reader.GetInt64(1)));
                }
            }
            catch (SqliteException)
            {
                // this SQLite build has no dbstat table: the total is still measured
            }
        }
        SqliteConnection.ClearAllPools();
        var wal = new FileInfo(path + "-wal");
        return new Size(new FileInfo(path).Length, wal.Exists ? wal.Length : 0, FolderBytes(Path.Combine(dataDir, "library")),
            FolderBytes(Path.Combine(dataDir, "thumbs")), assets, tables);
    }

    /// <summary>Timeline and sync at this size: each call <paramref name="repeats"/> times, after one warm-up.</summary>
    public static async Task TimeReadsAsync(UserClient fresh, UserClient phone, JpegFactory jpegs, int firstNewIndex, int repeats)
    {
        var buckets = await fresh.TimelineBucketsAsync();
        for (var i = 0; i < repeats; i++)
        {
            await fresh.TimelineBucketsAsync();
            await fresh.TimelineBucketAsync(buckets[i % buckets.Count]);
            await fresh.SearchAsync(1);
        }
        // A phone that has synced everything before: one full sync and ack, then 10 new photos and the incremental sync.
        var (_, acks) = await phone.SyncAsync("POST /api/sync/stream (full, first)");
        await phone.AckAsync(acks);
        for (var round = 0; round < repeats; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                await phone.UploadAsync(jpegs.Make(firstNewIndex + round * 10 + i), immich: true, $"new-{round}-{i}");
            }
            var (lines, newAcks) = await phone.SyncAsync("POST /api/sync/stream (incremental, 10 new)");
            if (lines < 10)
            {
                throw new BenchFailureException($"The incremental sync sent {lines} lines for 10 new photos.");
            }
            await phone.AckAsync(newAcks);
        }
    }

    private static long FolderBytes(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
}

/// <summary>The machine's 1-minute load average, sampled every 10 s while a phase runs.</summary>
internal sealed class LoadSampler
{
    private readonly List<double> samples = [];
    private readonly Timer timer;

    public LoadSampler()
    {
        timer = new Timer(_ =>
        {
            lock (samples)
            {
                samples.Add(Current());
            }
        }, null, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    public static double Current() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public static string Now() => File.ReadAllText("/proc/loadavg").Trim();

    public string Stop()
    {
        timer.Dispose();
        lock (samples)
        {
            return samples.Count == 0 ? "n/a" : FormattableString.Invariant($"mean {samples.Average():F1}, min {samples.Min():F1}, max {samples.Max():F1} ({samples.Count} samples)");
        }
    }
}
