using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Assets;

public sealed partial class AssetStore
{
    /// <summary>
    /// A page of the owner's assets matching <paramref name="query"/> (the metadata search's filters), nearest to
    /// <paramref name="vector"/> first by cosine distance over their CLIP embeddings; assets without one are left out.
    /// Exact: vec0's KNN gives the nearest <c>k</c> of the owner's embeddings, and when the filters leave too few of
    /// them for the page, k grows; past vec0's largest k the filtered assets' own vectors are compared one by one.
    /// </summary>
    public List<AssetChange> Nearest(SqliteConnection db, string ownerId, AssetQuery query, float[] vector, long offset, int limit)
    {
        if (!EmbeddingIndex.Exists(db))
        {
            return [];
        }
        // How many embeddings the owner has, counted only when a page comes back short and only up to vec0's largest k
        // (all the loop needs to know): counting a whole vec0 partition reads every vector (~0.3 s for 50k here).
        long? embedded = null;
        long Embedded() => embedded ??= db.Scalar<long>(
            $"SELECT count(*) FROM (SELECT asset_id FROM {EmbeddingIndex.Table} WHERE owner_id = $owner LIMIT $cap);",
            ("$owner", ownerId), ("$cap", EmbeddingIndex.MaxNeighbours + 1));
        var wanted = offset + limit;
        for (var k = Math.Max(256L, wanted * 2); wanted <= EmbeddingIndex.MaxNeighbours; k *= 4)
        {
            k = Math.Min(k, EmbeddingIndex.MaxNeighbours);
            var page = NearestOf(db, ownerId, query, vector, (int)k, offset, limit);
            if (page.Count == limit || k >= Embedded())
            {
                return page;
            }
            if (k == EmbeddingIndex.MaxNeighbours)
            {
                break;
            }
        }
        return NearestByScan(db, ownerId, query, vector, offset, limit);
    }

    private static List<AssetChange> NearestOf(SqliteConnection db, string ownerId, AssetQuery query, float[] vector, int k, long offset, int limit)
    {
        var (where, parameters) = Where(ownerId, query);
        parameters.AddRange([("$vector", EmbeddingIndex.Blob(vector)), ("$k", k), ("$limit", limit), ("$offset", offset)]);
        return db.Query(
            $"""
            WITH nearest AS (SELECT asset_id, distance FROM {EmbeddingIndex.Table} WHERE embedding MATCH $vector AND k = $k AND owner_id = $owner)
            SELECT {Columns}, update_seq, local_taken_at FROM assets JOIN nearest ON nearest.asset_id = assets.id
            WHERE {where} ORDER BY nearest.distance, assets.id LIMIT $limit OFFSET $offset;
            """,
            MapChange, [.. parameters]);
    }

    private static List<AssetChange> NearestByScan(SqliteConnection db, string ownerId, AssetQuery query, float[] vector, long offset, int limit)
    {
        var (where, parameters) = Where(ownerId, query);
        parameters.AddRange([("$vector", EmbeddingIndex.Blob(vector)), ("$limit", limit), ("$offset", offset)]);
        return db.Query(
            $"""
            WITH scored AS (SELECT asset_id, vec_distance_cosine(embedding, $vector) AS distance FROM {EmbeddingIndex.Table} WHERE owner_id = $owner)
            SELECT {Columns}, update_seq, local_taken_at FROM assets JOIN scored ON scored.asset_id = assets.id
            WHERE {where} ORDER BY scored.distance, assets.id LIMIT $limit OFFSET $offset;
            """,
            MapChange, [.. parameters]);
    }
}
