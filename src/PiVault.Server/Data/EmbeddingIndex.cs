using Microsoft.Data.Sqlite;

namespace PiVault.Server.Data;

/// <summary>
/// The CLIP embeddings, one per asset, in the <see cref="VectorTable"/> <c>smart_search</c>: made on first use with the
/// model's embedding size; a different size (another model) drops it and clears the done stamps, so every asset is
/// embedded again, as Immich does when the CLIP model changes.
/// </summary>
public sealed class EmbeddingIndex
{
    public const string Table = "smart_search";

    /// <summary>vec0's largest k for one KNN query (SQLITE_VEC_VEC0_K_MAX).</summary>
    public const int MaxNeighbours = 4096;

    private static readonly VectorTable Vectors = new(Table, "asset_id TEXT PRIMARY KEY, ", "UPDATE assets SET smart_search_at = NULL;");

    /// <summary>Makes the table for <paramref name="dimensions"/>-d vectors if it is missing or of another size.</summary>
    public void Ensure(SqliteConnection db, int dimensions) => Vectors.Ensure(db, dimensions);

    /// <summary>Whether the table exists (it does once anything was embedded).</summary>
    public static bool Exists(SqliteConnection db) => Vectors.Exists(db);

    /// <summary>Stores (or replaces) an asset's embedding; call inside the transaction that stamps the step done.</summary>
    public void Put(SqliteConnection db, string assetId, string ownerId, float[] embedding)
    {
        db.Execute($"DELETE FROM {Table} WHERE asset_id = $id;", ("$id", assetId));
        db.Execute($"INSERT INTO {Table} (asset_id, owner_id, embedding) VALUES ($id, $owner, $embedding);",
            ("$id", assetId), ("$owner", ownerId), ("$embedding", Blob(embedding)));
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
    public int RemoveOrphans(SqliteConnection db) => Exists(db)
        ? db.Execute($"DELETE FROM {Table} WHERE asset_id NOT IN (SELECT id FROM assets);")
        : 0;

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
        return db.Query(
            $"""
            WITH nearest AS (SELECT asset_id, distance FROM {Table} WHERE embedding MATCH $vector AND k = $k AND owner_id = $owner)
            SELECT a.id FROM nearest JOIN assets a ON a.id = nearest.asset_id
            WHERE nearest.distance <= $max AND a.id <> $id AND a.owner_id = $owner AND a.deleted_at IS NULL AND a.type = 'image'
            ORDER BY nearest.distance, a.id;
            """,
            r => r.GetString(0),
            ("$vector", Blob(embedding)), ("$k", k), ("$owner", ownerId), ("$id", assetId), ("$max", maxDistance));
    }

    /// <summary>How many embeddings an owner has.</summary>
    public long Count(SqliteConnection db, string ownerId) => Exists(db)
        ? db.Scalar<long>($"SELECT count(*) FROM {Table} WHERE owner_id = $owner;", ("$owner", ownerId))
        : 0;

    /// <summary>The vector as vec0 takes it: little-endian float32s.</summary>
    public static byte[] Blob(float[] vector) => VectorTable.Blob(vector);
}
