using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Tiering;

/// <summary>A move of an original to the cold tier that was started and not yet settled (<c>tier_moves</c>).</summary>
public sealed record TierMove(string AssetId, string OriginalPath);

/// <summary>What the tiering job needs of an asset: where its original is, what its bytes must hash to, whether it may move.</summary>
public sealed record TierCandidate(string Id, string OriginalPath, OriginalTier Tier, byte[] Checksum, long FileSize, bool IsFavorite, bool Trashed, DateTimeOffset TakenAt);

/// <summary>SQL of tiering: the move journal, the switch of an asset's tier, and which originals are due.</summary>
public sealed class TierMoveStore
{
    private const string CandidateColumns = "id, original_path, original_tier, checksum, file_size, is_favorite, deleted_at IS NOT NULL, taken_at";

    public TierCandidate? Find(SqliteConnection db, string assetId) =>
        db.QuerySingle($"SELECT {CandidateColumns} FROM assets WHERE id = $id;", MapCandidate, ("$id", assetId));

    /// <summary>Journals a move before any byte is copied; false when one is already journalled for the asset.</summary>
    public bool Begin(SqliteConnection db, TierMove move, DateTimeOffset now) => db.Execute(
        "INSERT INTO tier_moves (asset_id, original_path, started_at) VALUES ($id, $path, $now) ON CONFLICT (asset_id) DO NOTHING;",
        ("$id", move.AssetId), ("$path", move.OriginalPath), ("$now", now.ToDb())) == 1;

    public void End(SqliteConnection db, string assetId) =>
        db.Execute("DELETE FROM tier_moves WHERE asset_id = $id;", ("$id", assetId));

    public TierMove? Journalled(SqliteConnection db, string assetId) => db.QuerySingle(
        "SELECT asset_id, original_path FROM tier_moves WHERE asset_id = $id;", r => new TierMove(r.GetString(0), r.GetString(1)), ("$id", assetId));

    public List<TierMove> Journal(SqliteConnection db) => db.Query(
        "SELECT asset_id, original_path FROM tier_moves ORDER BY started_at, asset_id;", r => new TierMove(r.GetString(0), r.GetString(1)));

    /// <summary>Switches the asset's original to <paramref name="to"/>; false when the asset is gone or already there.</summary>
    public bool Switch(SqliteConnection db, string assetId, OriginalTier to, DateTimeOffset now) => db.Execute(
        "UPDATE assets SET original_tier = $to, tiered_at = CASE WHEN $to = 'cold' THEN $now ELSE NULL END WHERE id = $id AND original_tier <> $to;",
        ("$id", assetId), ("$to", to.ToDb()), ("$now", now.ToDb())) == 1;

    public long CountOnCold(SqliteConnection db) => db.Scalar<long>("SELECT count(*) FROM assets WHERE original_tier = 'cold';");

    /// <summary>Hot originals, oldest capture first, that may move: not in the trash, and not favourites when those are pinned.</summary>
    public List<(string Id, long Size, DateTimeOffset TakenAt)> OldestMovable(SqliteConnection db, bool pinFavorites, int limit) => db.Query(
        """
        SELECT id, file_size, taken_at FROM assets
        WHERE original_tier = 'hot' AND library_id IS NULL AND deleted_at IS NULL AND ($pin = 0 OR is_favorite = 0)
          AND id NOT IN (SELECT asset_id FROM tier_moves)
        ORDER BY taken_at, id LIMIT $limit;
        """,
        r => (r.GetString(0), r.GetInt64(1), r.GetTime(2)), ("$pin", pinFavorites ? 1 : 0), ("$limit", limit));

    /// <summary>Favourites whose original is on the cold tier and not being moved.</summary>
    public List<string> ColdFavorites(SqliteConnection db, int limit) => db.Query(
        """
        SELECT id FROM assets
        WHERE original_tier = 'cold' AND is_favorite = 1 AND deleted_at IS NULL AND id NOT IN (SELECT asset_id FROM tier_moves)
        ORDER BY id LIMIT $limit;
        """,
        r => r.GetString(0), ("$limit", limit));

    private static TierCandidate MapCandidate(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), OriginalTiers.FromDb(r.GetString(2)), (byte[])r.GetValue(3), r.GetInt64(4), r.GetInt64(5) != 0,
        r.GetInt64(6) != 0, r.GetTime(7));
}
