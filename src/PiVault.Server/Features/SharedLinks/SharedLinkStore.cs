using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Timeline;

namespace PiVault.Server.Features.SharedLinks;

public sealed record SharedLinkRecord(
    string Id, string OwnerId, string OwnerName, string Key, string Type, string? AlbumId, string? AlbumName, string Description,
    string? PasswordHash, bool AllowDownload, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt);

/// <summary>SQL for <c>shared_links</c> and <c>shared_link_assets</c>.</summary>
public sealed class SharedLinkStore
{
    private const string Select =
        """
        SELECT l.id, l.owner_id, u.name, l.key, l.type, l.album_id, al.name, l.description, l.password_hash, l.allow_download,
               l.expires_at, l.created_at
        FROM shared_links l JOIN users u ON u.id = l.owner_id LEFT JOIN albums al ON al.id = l.album_id
        """;

    public void Insert(SqliteConnection db, SharedLinkRecord l) => db.Execute(
        """
        INSERT INTO shared_links (id, owner_id, key, type, album_id, description, password_hash, allow_download, expires_at, created_at)
        VALUES ($id, $owner, $key, $type, $album, $description, $password, $download, $expires, $created);
        """,
        ("$id", l.Id), ("$owner", l.OwnerId), ("$key", l.Key), ("$type", l.Type), ("$album", l.AlbumId), ("$description", l.Description),
        ("$password", l.PasswordHash), ("$download", l.AllowDownload ? 1 : 0), ("$expires", l.ExpiresAt?.ToDb()), ("$created", l.CreatedAt.ToDb()));

    public void AddAsset(SqliteConnection db, string linkId, string assetId) => db.Execute(
        "INSERT OR IGNORE INTO shared_link_assets (link_id, asset_id) VALUES ($link, $asset);", ("$link", linkId), ("$asset", assetId));

    /// <summary>A live link: one whose owner is disabled answers as if it did not exist, and works again once they are enabled.</summary>
    public SharedLinkRecord? FindByKey(SqliteConnection db, string key) =>
        db.QuerySingle($"{Select} WHERE l.key = $key AND u.disabled_at IS NULL;", Map, ("$key", key));

    public List<SharedLinkRecord> ListOwned(SqliteConnection db, string ownerId) =>
        db.Query($"{Select} WHERE l.owner_id = $owner ORDER BY l.created_at DESC;", Map, ("$owner", ownerId));

    public bool Delete(SqliteConnection db, string ownerId, string id) =>
        db.Execute("DELETE FROM shared_links WHERE id = $id AND owner_id = $owner;", ("$id", id), ("$owner", ownerId)) == 1;

    /// <summary>Changes what is given; null leaves a field as it is (<paramref name="clearPassword"/> removes the password).</summary>
    public bool Update(
        SqliteConnection db, string ownerId, string id, string? description, string? passwordHash, bool clearPassword, bool? allowDownload,
        DateTimeOffset? expiresAt, bool clearExpiry) => db.Execute(
        """
        UPDATE shared_links SET description = coalesce($description, description),
            password_hash = CASE WHEN $clearPassword = 1 THEN NULL ELSE coalesce($password, password_hash) END,
            allow_download = coalesce($download, allow_download),
            expires_at = CASE WHEN $clearExpiry = 1 THEN NULL ELSE coalesce($expires, expires_at) END
        WHERE id = $id AND owner_id = $owner;
        """,
        ("$id", id), ("$owner", ownerId), ("$description", description), ("$password", passwordHash), ("$clearPassword", clearPassword ? 1 : 0),
        ("$download", allowDownload is { } d ? (d ? 1 : 0) : null), ("$expires", expiresAt?.ToDb()), ("$clearExpiry", clearExpiry ? 1 : 0)) == 1;

    public bool RemoveAsset(SqliteConnection db, string linkId, string assetId) => db.Execute(
        "DELETE FROM shared_link_assets WHERE link_id = $link AND asset_id = $asset;", ("$link", linkId), ("$asset", assetId)) == 1;

    public bool HasAsset(SqliteConnection db, string linkId, string assetId) => db.Scalar<long>(
        "SELECT count(*) FROM shared_link_assets WHERE link_id = $link AND asset_id = $asset;", ("$link", linkId), ("$asset", assetId)) > 0;

    public SharedLinkRecord? FindOwned(SqliteConnection db, string ownerId, string id) =>
        db.QuerySingle($"{Select} WHERE l.id = $id AND l.owner_id = $owner;", Map, ("$id", id), ("$owner", ownerId));

    /// <summary>Exactly the link's assets, newest first, never trashed or locked ones.</summary>
    public List<TimelineAssetDto> Assets(SqliteConnection db, SharedLinkRecord link) => db.Query(
        $"""
        SELECT {TimelineStore.TileColumns}
        FROM assets a
        WHERE a.deleted_at IS NULL AND a.{PiVault.Server.Features.Assets.AssetVisibilities.ListedSql} AND a.id IN (
            SELECT asset_id FROM shared_link_assets WHERE link_id = $link
            UNION SELECT asset_id FROM album_assets WHERE album_id = $album)
        ORDER BY a.taken_at DESC, a.id DESC;
        """,
        TimelineStore.Map, ("$link", link.Id), ("$album", link.Type == "album" ? link.AlbumId : null));

    private static SharedLinkRecord Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetNullableString(5), r.GetNullableString(6),
        r.GetString(7), r.GetNullableString(8), r.GetInt64(9) != 0, r.GetNullableTime(10), r.GetTime(11));
}
