using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Pipeline;

namespace PiVault.Bench.Ml;

/// <summary>
/// (a) Smart-search latency: N random unit 512-d embeddings of one owner stored through <see cref="EmbeddingIndex"/> in
/// a migrated PiVault database (the server's vec0 table, owner-partitioned, cosine), then Q searches through
/// <see cref="AssetStore.Nearest"/> exactly as <c>SmartSearchService.Search</c> asks (page 1, 100 + 1 rows): unfiltered,
/// and favourites only (1 photo in 50), which makes Nearest grow k and, past vec0's largest k, scan.
/// The database is kept in the temp folder per N, so a second run measures only the searches.
/// </summary>
public static class VectorSearchBench
{
    private const string Owner = "bench-owner";
    private const int Dimensions = 512;

    public static void Run(int count, int queries)
    {
        if (!SqliteVec.Available)
        {
            throw new InvalidOperationException($"sqlite-vec is not available: {SqliteVec.Reason}");
        }
        var file = Path.Combine(Path.GetTempPath(), $"pivault-vector-bench-{count}.db");
        var random = new Random(count);
        var database = new Database(file);
        var build = Stopwatch.StartNew();
        if (!File.Exists(file))
        {
            Fill(database, count, random);
        }
        var seconds = build.Elapsed.TotalSeconds;
        var assets = new AssetStore(JobSteps.Production);
        using var db = database.Open();
        Console.WriteLine($"### {count:N0} embeddings");
        Console.WriteLine();
        Console.WriteLine($"Stored in {seconds:F0} s; database {new FileInfo(file).Length / 1048576} MiB. {queries} queries each after 5 warm-up ones:");
        Console.WriteLine();
        Console.WriteLine("| search | CPU p50 | CPU p95 | CPU max | wall p50 | wall p95 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Report("page 1 of 100, no filter", Measure(() => assets.Nearest(db, Owner, new AssetQuery(), Unit(random), 0, 101), 101, queries));
        Report("page 1, favourites only (1 in 50)",
            Measure(() => assets.Nearest(db, Owner, new AssetQuery { IsFavorite = true }, Unit(random), 0, 101), Math.Min(101, count / 50), queries));
        Console.WriteLine();
    }

    private static void Fill(Database database, int count, Random random)
    {
        database.Initialize();
        using var db = database.Open(Durability.Relaxed);
        var index = new EmbeddingIndex();
        index.Ensure(db, Dimensions);
        using var transaction = db.BeginTransaction();
        db.Execute("INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ($id, 'bench@example.com', 'Bench', 'x', 0, 0);", ("$id", Owner));
        db.Execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
            INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                file_modified_at, taken_at, created_at, updated_at, width, height, is_favorite, smart_search_at)
            SELECT printf('asset-%07d', i), $owner, randomblob(20), 'image', printf('seed/%07d.jpg', i), printf('%07d.jpg', i),
                'image/jpeg', 3000000, i * 60000, i * 60000, i * 60000, i * 60000, i * 60000, 4032, 3024, i % 50 = 0, 1
            FROM n;
            """,
            ("$count", count), ("$owner", Owner));
        for (var i = 1; i <= count; i++)
        {
            index.Put(db, $"asset-{i:D7}", Owner, Unit(random));
        }
        transaction.Commit();
    }

    private static float[] Unit(Random random)
    {
        var v = new float[Dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = random.NextSingle() * 2 - 1;
        }
        return PiVault.Ml.Clip.ClipImage.Normalise(v);
    }

    /// <summary>Each query's thread CPU time and wall time in ms, each array sorted.</summary>
    private static (double[] Cpu, double[] Wall) Measure(Func<List<AssetChange>> search, int rows, int queries)
    {
        var (cpu, wall) = (new double[queries], new double[queries]);
        for (var i = -5; i < queries; i++)
        {
            var clock = Stopwatch.StartNew();
            var started = CpuClock.ThreadSeconds;
            var page = search();
            var used = CpuClock.ThreadSeconds - started;
            if (page.Count != rows)
            {
                throw new InvalidOperationException($"a search returned {page.Count} rows, not {rows}");
            }
            if (i >= 0)
            {
                (cpu[i], wall[i]) = (used * 1000, clock.Elapsed.TotalMilliseconds);
            }
        }
        Array.Sort(cpu);
        Array.Sort(wall);
        return (cpu, wall);
    }

    private static double P(double[] t, double q) => t[Math.Min(t.Length - 1, (int)(t.Length * q))];

    private static void Report(string name, (double[] Cpu, double[] Wall) t) =>
        Console.WriteLine($"| {name} | {P(t.Cpu, 0.5):F1} ms | {P(t.Cpu, 0.95):F1} ms | {t.Cpu[^1]:F1} ms | {P(t.Wall, 0.5):F1} ms | {P(t.Wall, 0.95):F1} ms |");
}
