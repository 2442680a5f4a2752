using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// Another user's asset in an album the user sees, with its change number: the newest of the asset's own and of its
/// links into those albums (a link's number is renewed when a member joins, so the newcomer gets the album's assets).
/// <paramref name="AssetChanged"/> says the asset itself changed last, rather than reaching the user through a link.
/// </summary>
public sealed record SharedAssetChange(AssetChange Change, bool AssetChanged);

/// <summary>Change tracking of the assets shared with a user through albums (migration 0006), for phones' sync streams.</summary>
public sealed partial class AssetStore
{
    /// <summary>SQL: each asset in the albums <c>$user</c> sees, with the newest change number of its links there.</summary>
    private const string SharedLinks =
        """
        SELECT asset_id, max(update_seq) AS link_seq FROM album_assets
        WHERE album_id IN (SELECT album_id FROM album_viewers WHERE user_id = $user) GROUP BY asset_id
        """;

    public List<SharedAssetChange> SharedChangedSince(SqliteConnection db, string userId, long afterSeq, int limit) => db.Query(
        $"""
        SELECT {Columns}, max(update_seq, s.link_seq) AS seq, local_taken_at, update_seq >= s.link_seq
        FROM assets JOIN ({SharedLinks}) s ON s.asset_id = assets.id
        WHERE owner_id <> $user AND max(update_seq, s.link_seq) > $after ORDER BY seq LIMIT $limit;
        """,
        r => new SharedAssetChange(new AssetChange(Map(r), r.GetInt64(ColumnCount), r.GetTime(ColumnCount + 1)), r.GetBoolean(ColumnCount + 2)),
        ("$user", userId), ("$after", afterSeq), ("$limit", limit));

    /// <summary>Metadata of those assets; the row's number is the newest of the metadata's own and of the asset's links.</summary>
    public List<(AssetMetadataRow Row, bool MetadataChanged)> SharedMetadataChangedSince(SqliteConnection db, string userId, long afterSeq, int limit) => db.Query(
        $"""
        SELECT {MetadataColumns}, max(m.update_seq, s.link_seq) AS seq, m.update_seq >= s.link_seq
        FROM asset_metadata m JOIN assets a ON a.id = m.asset_id JOIN ({SharedLinks}) s ON s.asset_id = m.asset_id
        WHERE a.owner_id <> $user AND max(m.update_seq, s.link_seq) > $after ORDER BY seq LIMIT $limit;
        """,
        r => (MapMetadata(r), r.GetBoolean(MetadataSeqOrdinal + 1)), ("$user", userId), ("$after", afterSeq), ("$limit", limit));
}
