using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Albums;

public sealed record AlbumChange(AlbumRecord Album, long Seq);

public sealed record AlbumAssetChange(string AlbumId, string AssetId, long Seq);

public sealed record AlbumDeletion(string AlbumId, long Seq);

/// <summary>Change tracking for sync (migration 0005): what changed in a user's own albums after a change number.</summary>
public sealed partial class AlbumStore
{
    public List<AlbumChange> ChangedSince(SqliteConnection db, string ownerId, long after, int limit) => db.Query(
            "SELECT id, update_seq FROM albums WHERE owner_id = $owner AND update_seq > $after ORDER BY update_seq LIMIT $limit;",
            r => (Id: r.GetString(0), Seq: r.GetInt64(1)), ("$owner", ownerId), ("$after", after), ("$limit", limit))
        .ConvertAll(c => new AlbumChange(Find(db, c.Id)!, c.Seq));

    public List<AlbumDeletion> DeletedSince(SqliteConnection db, string ownerId, long after, int limit) => db.Query(
        "SELECT album_id, seq FROM album_deletions WHERE owner_id = $owner AND seq > $after ORDER BY seq LIMIT $limit;",
        r => new AlbumDeletion(r.GetString(0), r.GetInt64(1)), ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<AlbumAssetChange> AssetsAddedSince(SqliteConnection db, string ownerId, long after, int limit) => db.Query(
        """
        SELECT aa.album_id, aa.asset_id, aa.update_seq FROM album_assets aa JOIN albums al ON al.id = aa.album_id
        WHERE al.owner_id = $owner AND aa.update_seq > $after ORDER BY aa.update_seq LIMIT $limit;
        """,
        r => new AlbumAssetChange(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<AlbumAssetChange> AssetsRemovedSince(SqliteConnection db, string ownerId, long after, int limit) => db.Query(
        "SELECT album_id, asset_id, seq FROM album_asset_deletions WHERE owner_id = $owner AND seq > $after ORDER BY seq LIMIT $limit;",
        r => new AlbumAssetChange(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$owner", ownerId), ("$after", after), ("$limit", limit));
}
