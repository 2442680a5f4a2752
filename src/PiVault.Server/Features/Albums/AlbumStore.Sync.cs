using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Albums;

public sealed record AlbumChange(AlbumRecord Album, long Seq);

public sealed record AlbumAssetChange(string AlbumId, string AssetId, long Seq);

public sealed record AlbumDeletion(string AlbumId, long Seq);

/// <summary>An album's owner (role <c>owner</c>) or member (<c>editor</c>, <c>viewer</c>), as Immich's AlbumUsers list them.</summary>
public sealed record AlbumUserChange(string AlbumId, string UserId, string Role, long Seq);

public sealed record AlbumUserDeletion(string AlbumId, string UserId, long Seq);

/// <summary>
/// Change tracking for sync (migrations 0005 and 0006): what changed after a change number in the albums a user sees,
/// their own and those shared with them.
/// </summary>
public sealed partial class AlbumStore
{
    public List<AlbumChange> ChangedSince(SqliteConnection db, string userId, long after, int limit) => db.Query(
            """
            SELECT id, update_seq FROM albums
            WHERE id IN (SELECT album_id FROM album_viewers WHERE user_id = $user) AND update_seq > $after ORDER BY update_seq LIMIT $limit;
            """,
            r => (Id: r.GetString(0), Seq: r.GetInt64(1)), ("$user", userId), ("$after", after), ("$limit", limit))
        .ConvertAll(c => new AlbumChange(Find(db, c.Id)!, c.Seq));

    /// <summary>Albums gone for the user: their own deleted albums, and every membership that ended (removed, left, deleted).</summary>
    public List<AlbumDeletion> DeletedSince(SqliteConnection db, string userId, long after, int limit) => db.Query(
        """
        SELECT album_id, seq FROM album_deletions WHERE owner_id = $user AND seq > $after
        UNION ALL
        SELECT album_id, seq FROM album_user_deletions WHERE user_id = $user AND seq > $after
        ORDER BY seq LIMIT $limit;
        """,
        r => new AlbumDeletion(r.GetString(0), r.GetInt64(1)), ("$user", userId), ("$after", after), ("$limit", limit));

    /// <summary>Owners and members of the albums the user sees; a new member's arrival renumbers the album's whole list.</summary>
    public List<AlbumUserChange> UsersChangedSince(SqliteConnection db, string userId, long after, int limit) => db.Query(
        $"""
        SELECT album_id, user_id, role, seq FROM (
            SELECT id AS album_id, owner_id AS user_id, 'owner' AS role, owner_seq AS seq FROM albums WHERE id IN (SELECT album_id FROM album_viewers WHERE user_id = $user)
            UNION ALL
            SELECT album_id, user_id, role, update_seq FROM album_users WHERE album_id IN (SELECT album_id FROM album_viewers WHERE user_id = $user))
        WHERE seq > $after ORDER BY seq LIMIT $limit;
        """,
        r => new AlbumUserChange(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3)),
        ("$user", userId), ("$after", after), ("$limit", limit));

    /// <summary>Ended memberships of albums the user still sees, and the user's own ended memberships.</summary>
    public List<AlbumUserDeletion> UsersRemovedSince(SqliteConnection db, string userId, long after, int limit) => db.Query(
        $"""
        SELECT album_id, user_id, seq FROM album_user_deletions
        WHERE (user_id = $user OR album_id IN (SELECT album_id FROM album_viewers WHERE user_id = $user)) AND seq > $after ORDER BY seq LIMIT $limit;
        """,
        r => new AlbumUserDeletion(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$user", userId), ("$after", after), ("$limit", limit));

    public List<AlbumAssetChange> AssetsAddedSince(SqliteConnection db, string userId, long after, int limit) => db.Query(
        $"""
        SELECT album_id, asset_id, update_seq FROM album_assets
        WHERE album_id IN (SELECT album_id FROM album_viewers WHERE user_id = $user) AND update_seq > $after ORDER BY update_seq LIMIT $limit;
        """,
        r => new AlbumAssetChange(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$user", userId), ("$after", after), ("$limit", limit));

    public List<AlbumAssetChange> AssetsRemovedSince(SqliteConnection db, string userId, long after, int limit) => db.Query(
        $"""
        SELECT album_id, asset_id, seq FROM album_asset_deletions
        WHERE album_id IN (SELECT album_id FROM album_viewers WHERE user_id = $user) AND seq > $after ORDER BY seq LIMIT $limit;
        """,
        r => new AlbumAssetChange(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$user", userId), ("$after", after), ("$limit", limit));
}
