// Smart search latency over N random 512-d embeddings in sqlite-vec, through the query shape the server uses
// (AssetStore.Nearest): vec0 KNN over the owner's partition, joined to an assets table with the trash filter, one page
// of 100 (+1 to see whether a next page exists). Reports p50/p95 over Q queries and the same for a filtered search
// that has to grow k (favourites only, 1 in 50 photos).
//
// Usage: dotnet run bench/ml/vector-search.cs -- VEC0_SO N [QUERIES]
#:package Microsoft.Data.Sqlite@10.0.14
#:property PublishAot=false
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

var vec0 = args[0];
var count = int.Parse(args[1]);
var queries = args.Length > 2 ? int.Parse(args[2]) : 200;
var file = Path.Combine(Path.GetTempPath(), $"vector-bench-{count}.db");
var random = new Random(42);

byte[] RandomUnit()
{
    var v = new float[512];
    var sum = 0.0;
    for (var i = 0; i < v.Length; i++)
    {
        v[i] = (float)(random.NextDouble() * 2 - 1);
        sum += v[i] * v[i];
    }
    var inv = (float)(1 / Math.Sqrt(sum));
    for (var i = 0; i < v.Length; i++) v[i] *= inv;
    return MemoryMarshal.AsBytes(v.AsSpan()).ToArray();
}

SqliteConnection Open()
{
    var c = new SqliteConnection($"Data Source={file};Pooling=False");
    c.Open();
    c.LoadExtension(vec0);
    return c;
}

var build = Stopwatch.StartNew();
if (!File.Exists(file))
{
    using var db = Open();
    using (var cmd = db.CreateCommand())
    {
        cmd.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE assets (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, is_favorite INTEGER NOT NULL, deleted_at INTEGER, taken_at INTEGER NOT NULL) STRICT;
            CREATE VIRTUAL TABLE smart_search USING vec0(asset_id TEXT PRIMARY KEY, owner_id TEXT PARTITION KEY, embedding float[512] distance_metric=cosine);
            """;
        cmd.ExecuteNonQuery();
    }
    using var tx = db.BeginTransaction();
    using var asset = db.CreateCommand();
    asset.CommandText = "INSERT INTO assets VALUES ($id, 'owner', $fav, NULL, $taken);";
    var (pid, pfav, ptaken) = (asset.Parameters.Add("$id", SqliteType.Text), asset.Parameters.Add("$fav", SqliteType.Integer), asset.Parameters.Add("$taken", SqliteType.Integer));
    using var vec = db.CreateCommand();
    vec.CommandText = "INSERT INTO smart_search (asset_id, owner_id, embedding) VALUES ($id, 'owner', $e);";
    var (vid, ve) = (vec.Parameters.Add("$id", SqliteType.Text), vec.Parameters.Add("$e", SqliteType.Blob));
    for (var i = 0; i < count; i++)
    {
        var id = Guid.CreateVersion7().ToString();
        (pid.Value, pfav.Value, ptaken.Value) = (id, i % 50 == 0 ? 1 : 0, (long)i);
        asset.ExecuteNonQuery();
        (vid.Value, ve.Value) = (id, RandomUnit());
        vec.ExecuteNonQuery();
    }
    tx.Commit();
}
Console.WriteLine($"{count} embeddings ready in {build.Elapsed.TotalSeconds:F1} s ({new FileInfo(file).Length / 1048576} MiB)");

using var conn = Open();
double[] Measure(string filter, int k)
{
    var times = new double[queries];
    using var cmd = conn.CreateCommand();
    cmd.CommandText = $"""
        WITH nearest AS (SELECT asset_id, distance FROM smart_search WHERE embedding MATCH $q AND k = $k AND owner_id = 'owner')
        SELECT assets.id FROM assets JOIN nearest ON nearest.asset_id = assets.id
        WHERE owner_id = 'owner' AND deleted_at IS NULL {filter} ORDER BY nearest.distance, assets.id LIMIT 101;
        """;
    var q = cmd.Parameters.Add("$q", SqliteType.Blob);
    cmd.Parameters.AddWithValue("$k", k);
    for (var i = -5; i < queries; i++)
    {
        q.Value = RandomUnit();
        var sw = Stopwatch.StartNew();
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read()) { }
        }
        if (i >= 0) times[i] = sw.Elapsed.TotalMilliseconds;
    }
    Array.Sort(times);
    return times;
}

void Report(string name, double[] t) =>
    Console.WriteLine($"{name}: p50 {t[t.Length / 2]:F1} ms, p95 {t[(int)(t.Length * 0.95)]:F1} ms, max {t[^1]:F1} ms ({t.Length} queries)");

Report("page 1, no filter (k = 256)", Measure("", 256));
Report("favourites only (k = 4096, vec0's largest)", Measure("AND is_favorite = 1", 4096));
