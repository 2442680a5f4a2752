using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PiVault.Server.Data;

/// <summary>
/// The CLIP embeddings, one per asset, in sqlite-vec's <c>vec0</c> table <c>smart_search</c>: float32 vectors of the
/// model's size, cosine distance, partitioned by owner so a KNN query reads only the caller's vectors. The table is
/// made on first use with the model's embedding size; a different size (another model) drops it and clears the
/// done stamps, so every asset is embedded again, as Immich does when the CLIP model changes.
/// <para>
/// Searches do not use vec0's KNN: it is exact but reads every stored vector (~2 µs each: 0.6 s at 300k), and a vec0
/// point look-up walks its 2 MB chunk (~1 ms). Instead the owner's vectors are held in memory in a compact form
/// (<see cref="CompactVectors"/>: int8 with a scale per vector, 512 B each; read in from vec0's chunks on the owner's
/// first search, kept up to date by <see cref="Put"/>) and scanned with SIMD in a few ms; the int8 distance is within
/// ~0.001 of the float one, which keeps the ranking exact enough (recall@100 in bench/results/ml.md). Where a threshold
/// decides (duplicates), the few candidates near it are re-scored with the stored floats (<see cref="Rescored"/>).
/// An entry whose row is gone (a purge, a rolled-back write) is left out by the callers' join with the assets.
/// </para>
/// </summary>
public sealed class EmbeddingIndex
{
    public const string Table = "smart_search";

    /// <summary>
    /// A CTE <c>scored(asset_id, distance)</c>: the exact cosine distance from <c>$vector</c> of each asset in the JSON
    /// array <c>$candidates</c> (see <see cref="JsonArray"/>) that has a stored embedding (~1 ms per asset: use for a few).
    /// </summary>
    public const string Rescored =
        $"scored AS (SELECT s.asset_id, vec_distance_cosine(s.embedding, $vector) AS distance FROM json_each($candidates) c JOIN {Table} s ON s.asset_id = c.value)";

    /// <summary>How far past a distance threshold the int8 distance may fall and still be re-scored (its error is ~0.001).</summary>
    private const float ThresholdMargin = 0.005f;

    private readonly CompactVectorCache _compact = new();

    private static readonly VectorTable Vectors = new(Table, "asset_id TEXT PRIMARY KEY, ", "UPDATE assets SET smart_search_at = NULL;");

    /// <summary>Makes the table for <paramref name="dimensions"/>-d vectors if it is missing or of another size.</summary>
    public void Ensure(SqliteConnection db, int dimensions)
    {
        if (Vectors.Ensure(db, dimensions))
        {
            _compact.Forget(db);
        }
    }

    /// <summary>Whether the table exists (it does once anything was embedded).</summary>
    public static bool Exists(SqliteConnection db) => Vectors.Exists(db);

    /// <summary>Stores (or replaces) an asset's embedding; call inside the transaction that stamps the step done.</summary>
    public void Put(SqliteConnection db, string assetId, string ownerId, float[] embedding)
    {
        db.Execute($"DELETE FROM {Table} WHERE asset_id = $id;", ("$id", assetId));
        db.Execute($"INSERT INTO {Table} (asset_id, owner_id, embedding) VALUES ($id, $owner, $embedding);",
            ("$id", assetId), ("$owner", ownerId), ("$embedding", Blob(embedding)));
        _compact.Of(db, ownerId, embedding.Length).Upsert(assetId, embedding);
    }

    /// <summary>
    /// The owner's <paramref name="count"/> assets whose embeddings are nearest to <paramref name="vector"/> by the int8
    /// copy, nearest first, with the approximate cosine distance; only those <paramref name="allowed"/> keeps when given.
    /// </summary>
    public List<(string Id, float Distance)> Candidates(SqliteConnection db, string ownerId, float[] vector, int count, Func<string, bool>? allowed = null) =>
        Exists(db) ? Loaded(db, ownerId, vector.Length).Closest(vector, count, allowed) : [];

    /// <summary>How many embeddings the coarse pass holds for the owner (reads them in on first use).</summary>
    public int CompactCount(SqliteConnection db, string ownerId, int dimensions) =>
        Exists(db) ? Loaded(db, ownerId, dimensions).Count : 0;

    /// <summary>Asset ids as the JSON array <see cref="Rescored"/>'s <c>$candidates</c> takes.</summary>
    public static string JsonArray(IEnumerable<string> ids)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var id in ids)
            {
                json.WriteStringValue(id);
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>An asset's stored embedding, or null ("more like this" on a photo not embedded yet).</summary>
    public float[]? Get(SqliteConnection db, string assetId)
    {
        if (!Exists(db))
        {
            return null;
        }
        var blob = db.QuerySingle($"SELECT embedding FROM {Table} WHERE asset_id = $id;", r => (byte[])r.GetValue(0), ("$id", assetId));
        return blob is null ? null : VectorTable.Vector(blob);
    }

    /// <summary>
    /// Removes a purged asset's embedding. Without sqlite-vec the table cannot be touched; the row stays until a server
    /// with it runs <see cref="RemoveOrphans"/>, and searches never return it (they join the assets).
    /// </summary>
    public static void Remove(SqliteConnection db, string assetId)
    {
        if (SqliteVec.Available && Exists(db))
        {
            db.Execute($"DELETE FROM {Table} WHERE asset_id = $id;", ("$id", assetId));
        }
    }

    /// <summary>Embeddings of assets that no longer exist (purged while sqlite-vec was missing).</summary>
    public int RemoveOrphans(SqliteConnection db)
    {
        _compact.Forget(db);
        return Exists(db) ? db.Execute($"DELETE FROM {Table} WHERE asset_id NOT IN (SELECT id FROM assets);") : 0;
    }

    /// <summary>
    /// The owner's other photos (not in the trash) whose embeddings are within <paramref name="maxDistance"/> (cosine) of
    /// the asset's, nearest first, among its <paramref name="k"/> nearest; empty while the asset has no embedding or
    /// sqlite-vec is missing.
    /// </summary>
    public List<string> PhotosWithin(SqliteConnection db, string ownerId, string assetId, double maxDistance, int k)
    {
        if (!SqliteVec.Available || Get(db, assetId) is not { } embedding)
        {
            return [];
        }
        // Only candidates near the threshold by the int8 distance are re-scored exactly.
        var near = Candidates(db, ownerId, embedding, k + 1).Where(c => c.Distance <= maxDistance + ThresholdMargin && c.Id != assetId).Select(c => c.Id);
        return db.Query(
            $"""
            WITH {Rescored}
            SELECT a.id FROM scored JOIN assets a ON a.id = scored.asset_id
            WHERE scored.distance <= $max AND a.owner_id = $owner AND a.deleted_at IS NULL AND a.type = 'image'
            ORDER BY scored.distance, a.id;
            """,
            r => r.GetString(0),
            ("$vector", Blob(embedding)), ("$candidates", JsonArray(near)), ("$owner", ownerId), ("$max", maxDistance));
    }

    /// <summary>How many embeddings an owner has.</summary>
    public long Count(SqliteConnection db, string ownerId) => Exists(db)
        ? db.Scalar<long>($"SELECT count(*) FROM {Table} WHERE owner_id = $owner;", ("$owner", ownerId))
        : 0;

    /// <summary>The vector as vec0 takes it: little-endian float32s.</summary>
    public static byte[] Blob(float[] vector) => VectorTable.Blob(vector);

    /// <summary>The owner's compact copy, its stored vectors read in from vec0 the first time (writes made meanwhile win).</summary>
    private CompactVectors Loaded(SqliteConnection db, string ownerId, int dimensions)
    {
        var compact = _compact.Of(db, ownerId, dimensions);
        compact.LoadOnce(() => ReadChunks(db, ownerId, compact));
        return compact;
    }

    /// <summary>
    /// Reads the owner's stored vectors into the compact copy from vec0's own tables (sqlite-vec 0.1's layout: a row per
    /// live vector in <c>_rowids</c> with its chunk and offset, 1024 vectors per <c>_vector_chunks00</c> blob), one
    /// blob read per chunk: scanning the vec0 table instead costs ~0.1 ms per row.
    /// </summary>
    private static void ReadChunks(SqliteConnection db, string ownerId, CompactVectors compact)
    {
        var rows = db.Query(
            $"""
            SELECT r.id, r.chunk_id, r.chunk_offset FROM {Table}_rowids r JOIN {Table}_chunks c ON c.chunk_id = r.chunk_id
            WHERE c.partition00 = $owner ORDER BY r.chunk_id;
            """,
            r => (Id: r.GetString(0), Chunk: r.GetInt64(1), Offset: r.GetInt32(2)), ("$owner", ownerId));
        var bytesPerVector = compact.Dimensions * sizeof(float);
        compact.Reserve(compact.Count + rows.Count + 64);
        foreach (var chunk in rows.GroupBy(r => r.Chunk))
        {
            var blob = db.QuerySingle($"SELECT vectors FROM {Table}_vector_chunks00 WHERE rowid = $chunk;", r => (byte[])r.GetValue(0), ("$chunk", chunk.Key));
            foreach (var row in chunk)
            {
                if (blob is not null && (row.Offset + 1) * bytesPerVector <= blob.Length)
                {
                    compact.Upsert(row.Id, MemoryMarshal.Cast<byte, float>(blob.AsSpan(row.Offset * bytesPerVector, bytesPerVector)), keepExisting: true);
                }
            }
        }
    }
}
