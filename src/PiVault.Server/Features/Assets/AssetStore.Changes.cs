using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// An asset with its change number (<c>update_seq</c>, migration 0004) and the wall-clock time where it was taken, written
/// as if it were UTC (<c>local_taken_at</c>, migration 0008).
/// </summary>
public sealed record AssetChange(AssetRecord Asset, long Seq, DateTimeOffset LocalTakenAt);

public sealed record AssetDeletion(string AssetId, long Seq);

/// <summary>
/// What the metadata step learnt about an asset (its <c>asset_metadata</c> row, with the asset's own size, dimensions and
/// times), with its change number. The one reading of that table: the info panel, the sync stream and the live events
/// all start from it.
/// </summary>
public sealed record AssetMetadataRow(
    string AssetId, long Seq, string? TakenLocal, int? UtcOffsetMinutes, double? Latitude, double? Longitude, string? City, string? Region,
    string? Country, string? Make, string? Model, string? LensModel, double? ExposureSeconds, double? FNumber, long? Iso, double? FocalLengthMm,
    long? Orientation, string? Description, long FileSize, int? Width, int? Height, DateTimeOffset FileModifiedAt, DateTimeOffset TakenAt,
    string DateSource, double? Altitude, string? VideoCodec, int? Rating = null);

public sealed record AssetStatistics(long Images, long Videos, long Bytes, long ImageBytes);

/// <summary>Change tracking and bulk lookups: what clients that keep their own copy of the library (phones) need.</summary>
public sealed partial class AssetStore
{
    /// <summary>Assets changed after <paramref name="afterSeq"/>, oldest change first (keyset paging on the sequence).</summary>
    public List<AssetChange> ChangedSince(SqliteConnection db, string ownerId, long afterSeq, int limit) => db.Query(
        $"""
        SELECT {Columns}, update_seq, local_taken_at
        FROM assets WHERE owner_id = $owner AND update_seq > $after ORDER BY update_seq LIMIT $limit;
        """,
        MapChange,
        ("$owner", ownerId), ("$after", afterSeq), ("$limit", limit));

    private static AssetChange MapChange(SqliteDataReader r) => new(Map(r), r.GetInt64(ColumnCount), r.GetTime(ColumnCount + 1));

    /// <summary>
    /// What the user's phones must drop: their own assets deleted for good, and other users' assets they could see
    /// through an album and no longer can (migration 0006) — never one of their own that still exists.
    /// </summary>
    public List<AssetDeletion> DeletedSince(SqliteConnection db, string userId, long afterSeq, int limit) => db.Query(
        """
        SELECT asset_id, seq FROM asset_deletions WHERE owner_id = $user AND seq > $after
        UNION ALL
        SELECT l.asset_id, l.seq FROM album_asset_access_losses l
        WHERE l.user_id = $user AND l.seq > $after AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.id = l.asset_id AND a.owner_id = $user)
        ORDER BY seq LIMIT $limit;
        """,
        r => new AssetDeletion(r.GetString(0), r.GetInt64(1)), ("$user", userId), ("$after", afterSeq), ("$limit", limit));

    /// <summary>
    /// The owner's metadata rows changed after <paramref name="afterSeq"/>, oldest change first. CROSS JOIN keeps
    /// asset_metadata the outer loop, so pages come in the order of its change-number index rather than by reading and
    /// sorting the owner's whole library each time (the planner's choice without it).
    /// </summary>
    public List<AssetMetadataRow> MetadataChangedSince(SqliteConnection db, string ownerId, long afterSeq, int limit) => db.Query(
        $"""
        SELECT {MetadataColumns}, m.update_seq
        FROM asset_metadata m CROSS JOIN assets a ON a.id = m.asset_id
        WHERE a.owner_id = $owner AND m.update_seq > $after ORDER BY m.update_seq LIMIT $limit;
        """,
        MapMetadata, ("$owner", ownerId), ("$after", afterSeq), ("$limit", limit));

    /// <summary>One asset of the owner (trashed too) with its change number and capture offset; null when there is none.</summary>
    public AssetChange? ChangeOf(SqliteConnection db, string ownerId, string id) =>
        Search(db, ownerId, new AssetQuery { Id = id, WithDeleted = true, AnyVisibility = true }, 0, 1).SingleOrDefault();

    /// <summary>What the metadata step learnt about one asset; null until it has run.</summary>
    public AssetMetadataRow? MetadataOf(SqliteConnection db, string assetId) => db.QuerySingle(
        $"SELECT {MetadataColumns}, m.update_seq FROM asset_metadata m JOIN assets a ON a.id = m.asset_id WHERE m.asset_id = $id;",
        MapMetadata, ("$id", assetId));

    /// <summary>The owner's assets holding any of these SHA-1 checksums (trashed ones too), in one query.</summary>
    public List<AssetRecord> FindByChecksums(SqliteConnection db, string ownerId, IReadOnlyCollection<byte[]> checksums)
    {
        var hexList = "[" + string.Join(',', checksums.Select(c => "\"" + Convert.ToHexString(c) + "\"")) + "]";
        return db.Query(
            $"SELECT {Columns} FROM assets WHERE owner_id = $owner AND checksum IN (SELECT unhex(value) FROM json_each($list));",
            Map, ("$owner", ownerId), ("$list", hexList));
    }

    /// <summary>Counts and bytes of the owner's assets: in the trash, outside it, or (null) all of them.</summary>
    public AssetStatistics Statistics(SqliteConnection db, string ownerId, bool? trashed) => db.QuerySingle(
        """
        SELECT count(*) FILTER (WHERE type = 'image'), count(*) FILTER (WHERE type = 'video'), coalesce(sum(file_size), 0),
               coalesce(sum(file_size) FILTER (WHERE type = 'image'), 0)
        FROM assets WHERE owner_id = $owner AND ($trashed IS NULL OR (deleted_at IS NOT NULL) = $trashed);
        """,
        r => new AssetStatistics(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)),
        ("$owner", ownerId), ("$trashed", trashed is { } t ? (t ? 1 : 0) : null))!;

    /// <summary>The highest change number handed out so far.</summary>
    public long CurrentSeq(SqliteConnection db) => db.Scalar<long>("SELECT value FROM sync_sequence WHERE id = 1;");

    private const string MetadataColumns =
        """
        m.asset_id, m.taken_local, m.utc_offset_minutes, m.latitude, m.longitude, m.city, m.region, m.country,
        m.make, m.model, m.lens_model, m.exposure_seconds, m.f_number, m.iso, m.focal_length_mm, m.orientation, m.description,
        a.file_size, a.width, a.height, a.file_modified_at, a.taken_at, m.date_source, m.altitude, m.video_codec, m.rating
        """;

    /// <summary>Where the row's change number follows <see cref="MetadataColumns"/>.</summary>
    private const int MetadataSeqOrdinal = 26;

    /// <summary>Reads <see cref="MetadataColumns"/> followed by the row's change number: the one mapper of <c>asset_metadata</c> rows.</summary>
    private static AssetMetadataRow MapMetadata(SqliteDataReader r) => new(
        r.GetString(0), r.GetInt64(MetadataSeqOrdinal), r.GetNullableString(1), NullableInt(r, 2), NullableDouble(r, 3), NullableDouble(r, 4),
        r.GetNullableString(5), r.GetNullableString(6), r.GetNullableString(7), r.GetNullableString(8), r.GetNullableString(9),
        r.GetNullableString(10), NullableDouble(r, 11), NullableDouble(r, 12), NullableLong(r, 13), NullableDouble(r, 14),
        NullableLong(r, 15), r.GetNullableString(16), r.GetInt64(17), NullableInt(r, 18), NullableInt(r, 19), r.GetTime(20), r.GetTime(21),
        r.GetString(22), NullableDouble(r, 23), r.GetNullableString(24), NullableInt(r, 25));

    private static int? NullableInt(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt32(i);

    private static long? NullableLong(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static double? NullableDouble(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
