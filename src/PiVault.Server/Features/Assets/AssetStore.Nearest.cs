using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Assets;

public sealed partial class AssetStore
{
    /// <summary>Nearest candidates asked for at first: this many, or 4× the page's end when that is more.</summary>
    public const int FirstCandidates = 400;

    /// <summary>Past this many candidates the filter is run first and the index ranks only what it keeps.</summary>
    private const int FilterFirstAbove = 4_000;

    /// <summary>
    /// A page of the owner's assets matching <paramref name="query"/> (the metadata search's filters), nearest to
    /// <paramref name="vector"/> first by cosine distance over their CLIP embeddings; assets without one are left out.
    /// The index ranks the owner's embeddings (its in-memory int8 copy); the first candidates that pass the filters
    /// make the page. When the filters keep too few of them, more are asked for; past <see cref="FilterFirstAbove"/> the
    /// filter's matches are listed first and only those are ranked.
    /// </summary>
    public List<AssetChange> Nearest(SqliteConnection db, EmbeddingIndex index, string ownerId, AssetQuery query, float[] vector, long offset, int limit)
    {
        if (!EmbeddingIndex.Exists(db))
        {
            return [];
        }
        var end = (int)Math.Min(offset + limit, int.MaxValue / 16);
        var embedded = index.CompactCount(db, ownerId, vector.Length);
        for (var asked = Math.Max(FirstCandidates, end * 4); ; asked *= 4)
        {
            var candidates = index.Candidates(db, ownerId, vector, asked);
            var page = PageOf(db, ownerId, query, candidates, offset, limit);
            if (page.Count == limit || candidates.Count < asked)
            {
                return page;
            }
            if (asked * 4 > FilterFirstAbove && asked * 4 < embedded)
            {
                var matching = Matching(db, ownerId, query);
                return PageOf(db, ownerId, query, index.Candidates(db, ownerId, vector, end, matching.Contains), offset, limit);
            }
        }
    }

    /// <summary>The candidates (in their order) that pass the filters, paged.</summary>
    private static List<AssetChange> PageOf(SqliteConnection db, string ownerId, AssetQuery query, List<(string Id, float Distance)> candidates, long offset, int limit)
    {
        var (where, parameters) = Where(ownerId, query);
        parameters.AddRange([("$candidates", EmbeddingIndex.JsonArray(candidates.Select(c => c.Id))), ("$limit", limit), ("$offset", offset)]);
        return db.Query(
            $"""
            WITH candidate(candidate_id, candidate_rank) AS (SELECT value, key FROM json_each($candidates))
            SELECT {Columns}, update_seq, local_taken_at FROM candidate JOIN assets ON assets.id = candidate.candidate_id
            WHERE {where} ORDER BY candidate_rank LIMIT $limit OFFSET $offset;
            """,
            MapChange, [.. parameters]);
    }

    /// <summary>The ids of all the owner's assets that pass the filters (for filters that keep few).</summary>
    private static HashSet<string> Matching(SqliteConnection db, string ownerId, AssetQuery query)
    {
        var (where, parameters) = Where(ownerId, query);
        return [.. db.Query($"SELECT id FROM assets WHERE {where};", r => r.GetString(0), [.. parameters])];
    }
}
