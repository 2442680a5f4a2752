using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Assets;

public sealed record AssetRecord(
    string Id,
    string OwnerId,
    byte[] Checksum,
    AssetType Type,
    string OriginalPath,
    string OriginalFileName,
    string MimeType,
    long FileSize,
    DateTimeOffset FileCreatedAt,
    DateTimeOffset FileModifiedAt,
    DateTimeOffset TakenAt,
    string? DeviceAssetId,
    string? DeviceId,
    bool IsFavorite,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt,
    int? Width = null,
    int? Height = null,
    long? DurationMs = null,
    string? ThumbHash = null,
    DateTimeOffset? MetadataAt = null,
    DateTimeOffset? ThumbnailsAt = null,
    OriginalTier Tier = OriginalTier.Hot,
    AssetVisibility Visibility = AssetVisibility.Timeline,
    string? LivePhotoVideoId = null,
    string? StackId = null,
    bool IsOffline = false);

/// <summary>SQL for the <c>assets</c> table.</summary>
/// <param name="kinds">Which column marks each kind of job done (<see cref="MarkStepDone"/>).</param>
public sealed partial class AssetStore(IJobCatalog kinds)
{
    private const string Columns =
        "id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at, " +
        "file_modified_at, taken_at, device_asset_id, device_id, is_favorite, created_at, updated_at, deleted_at, " +
        "width, height, duration_ms, thumbhash, metadata_at, thumbnails_at, " + OriginalTiers.Column + ", visibility, live_photo_video_id, stack_id, " +
        "offline_at IS NOT NULL";

    /// <summary>How many <see cref="Columns"/> there are: queries that select more read them from this ordinal on.</summary>
    private const int ColumnCount = 28;

    /// <summary>Inserts the asset unless this owner already has these bytes; returns whether it was inserted.</summary>
    public bool TryInsert(SqliteConnection db, AssetRecord a) => db.Execute(
        """
        INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size, file_created_at,
                            file_modified_at, taken_at, device_asset_id, device_id, is_favorite, created_at, updated_at)
        VALUES ($id, $owner, $checksum, $type, $path, $name, $mime, $size, $fileCreated, $fileModified, $taken,
                $deviceAsset, $device, $favorite, $created, $updated)
        ON CONFLICT (owner_id, checksum) DO NOTHING;
        """,
        ("$id", a.Id), ("$owner", a.OwnerId), ("$checksum", a.Checksum), ("$type", a.Type.ToDb()), ("$path", a.OriginalPath),
        ("$name", a.OriginalFileName), ("$mime", a.MimeType), ("$size", a.FileSize), ("$fileCreated", a.FileCreatedAt.ToDb()),
        ("$fileModified", a.FileModifiedAt.ToDb()), ("$taken", a.TakenAt.ToDb()), ("$deviceAsset", a.DeviceAssetId),
        ("$device", a.DeviceId), ("$favorite", a.IsFavorite ? 1 : 0), ("$created", a.CreatedAt.ToDb()), ("$updated", a.UpdatedAt.ToDb())) == 1;

    public AssetRecord? FindByChecksum(SqliteConnection db, string ownerId, byte[] checksum) => db.QuerySingle(
        $"SELECT {Columns} FROM assets WHERE owner_id = $owner AND checksum = $checksum;", Map, ("$owner", ownerId), ("$checksum", checksum));

    public AssetRecord? FindById(SqliteConnection db, string id) => db.QuerySingle(
        $"SELECT {Columns} FROM assets WHERE id = $id;", Map, ("$id", id));

    public AssetRecord? FindOwned(SqliteConnection db, string ownerId, string id) => db.QuerySingle(
        $"SELECT {Columns} FROM assets WHERE owner_id = $owner AND id = $id;", Map, ("$owner", ownerId), ("$id", id));

    /// <summary>The timeline: newest capture first, trash, hidden and locked assets excluded.</summary>
    public List<AssetRecord> ListTimeline(SqliteConnection db, string ownerId, long offset, int limit) => db.Query(
        $"""
        SELECT {Columns} FROM assets WHERE owner_id = $owner AND deleted_at IS NULL AND {AssetVisibilities.ListedSql}
        ORDER BY taken_at DESC, id DESC LIMIT $limit OFFSET $offset;
        """,
        Map, ("$owner", ownerId), ("$limit", limit), ("$offset", offset));

    public long CountTimeline(SqliteConnection db, string ownerId) =>
        db.Scalar<long>($"SELECT count(*) FROM assets WHERE owner_id = $owner AND deleted_at IS NULL AND {AssetVisibilities.ListedSql};", ("$owner", ownerId));

    public List<AssetRecord> ListTrash(SqliteConnection db, string ownerId) => db.Query(
        $"SELECT {Columns} FROM assets WHERE owner_id = $owner AND deleted_at IS NOT NULL AND visibility <> 'hidden' ORDER BY deleted_at DESC, id DESC;",
        Map, ("$owner", ownerId));

    /// <summary>Trashed before <paramref name="cutoff"/>, any owner: due for permanent deletion.</summary>
    public List<AssetRecord> ListTrashedBefore(SqliteConnection db, DateTimeOffset cutoff, int limit) => db.Query(
        $"SELECT {Columns} FROM assets WHERE deleted_at IS NOT NULL AND deleted_at < $cutoff ORDER BY deleted_at LIMIT $limit;",
        Map, ("$cutoff", cutoff.ToDb()), ("$limit", limit));

    /// <summary>Trashes or restores an asset together with the video half of its Live Photo (which no list shows on its own).</summary>
    public void SetDeletedAt(SqliteConnection db, string id, DateTimeOffset? deletedAt, DateTimeOffset now) => db.Execute(
        """
        UPDATE assets SET deleted_at = $deleted, updated_at = $now
        WHERE id = $id OR id = (SELECT live_photo_video_id FROM assets WHERE id = $id);
        """,
        ("$id", id), ("$deleted", deletedAt?.ToDb()), ("$now", now.ToDb()));

    /// <summary>Makes the asset a favourite (an import's or a sidecar's mark); never unmarks one.</summary>
    public void MarkFavorite(SqliteConnection db, string assetId, DateTimeOffset now) => db.Execute(
        "UPDATE assets SET is_favorite = 1, updated_at = $now WHERE id = $id AND is_favorite = 0;", ("$id", assetId), ("$now", now.ToDb()));

    /// <summary>
    /// Stamps a step of the pipeline done for an asset: the step's <see cref="IJobCatalog.DoneColumn"/> gets the time, which
    /// the admin's "missing" counts read (and, for the thumbnails, what the files' ETags are made of).
    /// </summary>
    public void MarkStepDone(SqliteConnection db, string assetId, string kind, DateTimeOffset now) => db.Execute(
        $"UPDATE assets SET {kinds.DoneColumn(kind)} = $now WHERE id = $id;", ("$id", assetId), ("$now", now.ToDb()));

    /// <summary>Returns false when the row was already gone.</summary>
    public bool Delete(SqliteConnection db, string id)
    {
        EmbeddingIndex.Remove(db, id); // a virtual table: no foreign key cascades into it
        return db.Execute("DELETE FROM assets WHERE id = $id;", ("$id", id)) == 1;
    }

    /// <summary>
    /// Every row's original path in the library (for the consistency check and backups): folder libraries' files are
    /// not PiVault's to check or back up. A database from before folder libraries (an old backup) has none.
    /// </summary>
    public List<(string Id, string Path, byte[] Checksum)> ListPaths(SqliteConnection db) => db.Query(
        db.Scalar<long>("SELECT count(*) FROM pragma_table_info('assets') WHERE name = 'library_id';") == 0
            ? "SELECT id, original_path, checksum FROM assets ORDER BY original_path;"
            : "SELECT id, original_path, checksum FROM assets WHERE library_id IS NULL ORDER BY original_path;",
        r => (r.GetString(0), r.GetString(1), (byte[])r.GetValue(2)));

    /// <summary>The original paths on the cold tier (a migrated database only: backups of older versions lack the column).</summary>
    public HashSet<string> ListColdPaths(SqliteConnection db) => db.Query(
        "SELECT original_path FROM assets WHERE original_tier = 'cold';", r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);

    private static AssetRecord Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), (byte[])r.GetValue(2), MediaTypes.AssetTypeFromDb(r.GetString(3)), r.GetString(4),
        r.GetString(5), r.GetString(6), r.GetInt64(7), r.GetTime(8), r.GetTime(9), r.GetTime(10),
        r.GetNullableString(11), r.GetNullableString(12), r.GetInt64(13) != 0, r.GetTime(14), r.GetTime(15), r.GetNullableTime(16),
        r.IsDBNull(17) ? null : r.GetInt32(17), r.IsDBNull(18) ? null : r.GetInt32(18), r.IsDBNull(19) ? null : r.GetInt64(19),
        r.GetNullableString(20), r.GetNullableTime(21), r.GetNullableTime(22), OriginalTiers.FromDb(r.GetString(23)),
        AssetVisibilities.FromDb(r.GetString(24)), r.GetNullableString(25), r.GetNullableString(26), r.GetBoolean(27));
}
