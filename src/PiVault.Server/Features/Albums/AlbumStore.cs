using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.Albums;

public sealed record AlbumRecord(
    string Id, string OwnerId, string OwnerName, string Name, string Description, string? CoverAssetId, int AssetCount,
    DateTimeOffset? StartAt, DateTimeOffset? EndAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>SQL for <c>albums</c>, <c>album_assets</c> and <c>album_users</c>.</summary>
public sealed partial class AlbumStore
{
    /// <summary>Counts and date range skip trashed assets, as the album view does; without a chosen cover, the newest photo is it.</summary>
    private const string Select =
        $"""
        SELECT al.id, al.owner_id, u.name, al.name, al.description,
               coalesce(al.cover_asset_id, (SELECT aa.asset_id FROM album_assets aa JOIN assets a ON a.id = aa.asset_id
                                            WHERE aa.album_id = al.id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql} ORDER BY a.taken_at DESC LIMIT 1)),
               (SELECT count(*) FROM album_assets aa JOIN assets a ON a.id = aa.asset_id WHERE aa.album_id = al.id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}),
               (SELECT min(a.taken_at) FROM album_assets aa JOIN assets a ON a.id = aa.asset_id WHERE aa.album_id = al.id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}),
               (SELECT max(a.taken_at) FROM album_assets aa JOIN assets a ON a.id = aa.asset_id WHERE aa.album_id = al.id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}),
               al.created_at, al.updated_at
        FROM albums al JOIN users u ON u.id = al.owner_id
        """;

    public void Insert(SqliteConnection db, string id, string ownerId, string name, string description, DateTimeOffset now) => db.Execute(
        "INSERT INTO albums (id, owner_id, name, description, created_at, updated_at) VALUES ($id, $owner, $name, $description, $now, $now);",
        ("$id", id), ("$owner", ownerId), ("$name", name), ("$description", description), ("$now", now.ToDb()));

    /// <summary>Albums the user owns or is a member of, newest first.</summary>
    public List<AlbumRecord> ListVisible(SqliteConnection db, string userId) => db.Query(
        $"{Select} WHERE al.id IN (SELECT album_id FROM album_viewers WHERE user_id = $user) ORDER BY al.created_at DESC;",
        Map, ("$user", userId));

    public AlbumRecord? Find(SqliteConnection db, string id) => db.QuerySingle($"{Select} WHERE al.id = $id;", Map, ("$id", id));

    /// <summary>The user's role: <c>owner</c>, <c>editor</c>, <c>viewer</c>, or null when the album is not theirs to see.</summary>
    public string? RoleOf(SqliteConnection db, string albumId, string userId) => db.Scalar<string>(
        """
        SELECT CASE WHEN al.owner_id = $user THEN 'owner' ELSE (SELECT role FROM album_users WHERE album_id = al.id AND user_id = $user) END
        FROM albums al WHERE al.id = $album;
        """,
        ("$album", albumId), ("$user", userId));

    public void Update(SqliteConnection db, string id, string name, string description, string? coverAssetId, DateTimeOffset now) => db.Execute(
        "UPDATE albums SET name = $name, description = $description, cover_asset_id = $cover, updated_at = $now WHERE id = $id;",
        ("$id", id), ("$name", name), ("$description", description), ("$cover", coverAssetId), ("$now", now.ToDb()));

    public void Delete(SqliteConnection db, string id) => db.Execute("DELETE FROM albums WHERE id = $id;", ("$id", id));

    /// <summary>The user's own oldest album of this name (how an imported sidecar's album names find their albums).</summary>
    public string? FindOwnedByName(SqliteConnection db, string ownerId, string name) => db.Scalar<string>(
        "SELECT id FROM albums WHERE owner_id = $owner AND name = $name ORDER BY created_at, id LIMIT 1;", ("$owner", ownerId), ("$name", name));

    public int AddAsset(SqliteConnection db, string albumId, string assetId, DateTimeOffset now) => db.Execute(
        "INSERT OR IGNORE INTO album_assets (album_id, asset_id, added_at) VALUES ($album, $asset, $now);",
        ("$album", albumId), ("$asset", assetId), ("$now", now.ToDb()));

    public int RemoveAsset(SqliteConnection db, string albumId, string assetId) => db.Execute(
        "DELETE FROM album_assets WHERE album_id = $album AND asset_id = $asset;", ("$album", albumId), ("$asset", assetId));

    public bool Contains(SqliteConnection db, string albumId, string assetId) => db.Scalar<long>(
        "SELECT count(*) FROM album_assets WHERE album_id = $album AND asset_id = $asset;", ("$album", albumId), ("$asset", assetId)) > 0;

    /// <summary>Owner of an asset in the album, or null when it is not in the album.</summary>
    public string? AssetOwnerInAlbum(SqliteConnection db, string albumId, string assetId) => db.Scalar<string>(
        "SELECT a.owner_id FROM album_assets aa JOIN assets a ON a.id = aa.asset_id WHERE aa.album_id = $album AND aa.asset_id = $asset;",
        ("$album", albumId), ("$asset", assetId));

    public void Touch(SqliteConnection db, string id, DateTimeOffset now) =>
        db.Execute("UPDATE albums SET updated_at = $now WHERE id = $id;", ("$id", id), ("$now", now.ToDb()));

    public void SetMember(SqliteConnection db, string albumId, string userId, string role) => db.Execute(
        "INSERT INTO album_users (album_id, user_id, role) VALUES ($album, $user, $role) ON CONFLICT (album_id, user_id) DO UPDATE SET role = $role;",
        ("$album", albumId), ("$user", userId), ("$role", role));

    public bool RemoveMember(SqliteConnection db, string albumId, string userId) => db.Execute(
        "DELETE FROM album_users WHERE album_id = $album AND user_id = $user;", ("$album", albumId), ("$user", userId)) == 1;

    public List<AlbumMemberDto> Members(SqliteConnection db, string albumId) => db.Query(
        "SELECT u.id, u.name, u.email, au.role FROM album_users au JOIN users u ON u.id = au.user_id WHERE au.album_id = $album ORDER BY u.name;",
        r => new AlbumMemberDto(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)), ("$album", albumId));

    private static AlbumRecord Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetNullableString(5), r.GetInt32(6),
        r.GetNullableTime(7), r.GetNullableTime(8), r.GetTime(9), r.GetTime(10));
}
