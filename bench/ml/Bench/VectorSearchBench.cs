using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Pipeline;

namespace PiVault.Bench.Ml;

/// <summary>
/// (a) Smart-search latency: N random unit 512-d embeddings of one owner stored through <see cref="EmbeddingIndex"/> in
/// a migrated PiVault database (the server's vec0 table, owner-partitioned, cosine), then Q searches through
/// <see cref="AssetStore.Nearest"/> exactly as <c>SmartSearchService.Search</c> asks (100 + 1 rows): page 1 unfiltered,
/// page 5 unfiltered, and page 1 of favourites only (1 photo in 50). Also: the time and managed memory of reading the
/// owner's vectors into the in-memory int8 copy (the first search), and recall@100 of page 1 against exact search
/// (vec0's exact KNN unfiltered, a full vec_distance_cosine scan for favourites). Random vectors are the hard case for
/// a coarse pass: their nearest neighbours are barely nearer than the rest.
/// The database is kept in the temp folder per N, so a second run measures only the searches.
/// </summary>
public static class VectorSearchBench
{
    private const string Owner = "bench-owner";
    private const int Dimensions = 512;
    private const int RecallQueries = 20;

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
        var index = new EmbeddingIndex();
        using var db = database.Open();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var (loadCpu, loadWall) = (CpuClock.ThreadSeconds, Stopwatch.StartNew());
        var held = index.CompactCount(db, Owner, Dimensions);
        var loaded = (Cpu: CpuClock.ThreadSeconds - loadCpu, Wall: loadWall.Elapsed.TotalSeconds);
        var bytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"### {count:N0} embeddings");
        Console.WriteLine();
        Console.WriteLine($"Stored in {seconds:F0} s; database {new FileInfo(file).Length / 1048576} MiB. First search reads {held:N0} vectors into the int8 copy: " +
            $"{loaded.Cpu:F1} s CPU ({loaded.Wall:F1} s wall), {bytes / 1048576.0:F0} MiB managed memory = **{bytes * 100_000.0 / held / 1048576:F0} MiB per 100k embeddings**. " +
            $"{queries} queries each after 5 warm-up ones:");
        Console.WriteLine();
        Console.WriteLine("| search | CPU p50 | CPU p95 | CPU max | wall p50 | wall p95 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var favourites = new AssetQuery { IsFavorite = true };
        Report("page 1 of 100, no filter", Measure(() => assets.Nearest(db, index, Owner, new AssetQuery(), Unit(random), 0, 101), 101, queries));
        Report("page 5 of 100, no filter", Measure(() => assets.Nearest(db, index, Owner, new AssetQuery(), Unit(random), 400, 101), 101, queries));
        Report("page 1, favourites only (1 in 50)",
            Measure(() => assets.Nearest(db, index, Owner, favourites, Unit(random), 0, 101), Math.Min(101, count / 50), queries));
        Console.WriteLine();
        var plain = Recall(db, index, assets, new AssetQuery(), random);
        var favoured = Recall(db, index, assets, favourites, random);
        Console.WriteLine($"Recall@100 of page 1 against exact search ({RecallQueries} queries each): no filter **{plain:F3}**, favourites only **{favoured:F3}**.");
        Console.WriteLine();
    }

    /// <summary>Mean share of the exact 100 nearest that page 1 of <see cref="AssetStore.Nearest"/> holds.</summary>
    private static double Recall(SqliteConnection db, EmbeddingIndex index, AssetStore assets, AssetQuery query, Random random)
    {
        var total = 0.0;
        for (var i = 0; i < RecallQueries; i++)
        {
            var vector = Unit(random);
            var found = assets.Nearest(db, index, Owner, query, vector, 0, 100).Select(a => a.Asset.Id).ToHashSet();
            var exact = db.Query(
                query.IsFavorite is true
                    ? $"SELECT s.asset_id FROM {EmbeddingIndex.Table} s JOIN assets a ON a.id = s.asset_id WHERE s.owner_id = $owner AND a.is_favorite = 1 ORDER BY vec_distance_cosine(s.embedding, $vector), s.asset_id LIMIT 100;"
                    : $"SELECT asset_id FROM {EmbeddingIndex.Table} WHERE embedding MATCH $vector AND k = 100 AND owner_id = $owner ORDER BY distance;",
                r => r.GetString(0), ("$owner", Owner), ("$vector", EmbeddingIndex.Blob(vector)));
            total += exact.Count(found.Contains) / (double)exact.Count;
        }
        return total / RecallQueries;
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
