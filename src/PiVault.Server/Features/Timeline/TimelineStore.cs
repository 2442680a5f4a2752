using System.Globalization;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.Timeline;

/// <summary>
/// SQL for the timeline: month buckets with counts and one bucket's tiles, for the main timeline, favourites,
/// the archive and an album. Days and months are those of the wall clock where each asset was taken
/// (<c>local_taken_at</c>, migration 0008), as in Google Photos and Immich. Both queries walk the owner's indexes on
/// that column, so they stay fast at 50k assets.
/// </summary>
public sealed class TimelineStore
{
    /// <summary>What <see cref="Map"/> reads, in its order, from an <c>assets a</c> row.</summary>
    public const string TileColumns =
        "a.id, a.owner_id, a.type, a.taken_at, a.width, a.height, a.thumbhash, a.thumbnails_at, a.is_favorite, a.visibility = 'archive', " +
        "a.duration_ms, a.original_file_name, a.local_taken_at, a.utc_offset_minutes, a.live_photo_video_id, a.stack_id, " +
        "(SELECT count(*) FROM assets sm WHERE a.stack_id IS NOT NULL AND sm.stack_id = a.stack_id AND sm.deleted_at IS NULL)";

    /// <summary>A stack shows as its cover only (docs/stacks.md): the other members of a stack are left out of these views.</summary>
    private const string StackCoverSql = "NOT EXISTS (SELECT 1 FROM stacks s WHERE s.id = a.stack_id AND s.primary_asset_id <> a.id)";

    /// <summary><paramref name="filter"/>: only what carries the caller's tag or one under it, when given.</summary>
    public List<TimeBucketDto> Buckets(SqliteConnection db, TimelineView view, string scopeId, TimelineTagFilter? filter = null) => db.Query(
        BucketsSql(view, filter is not null), r => new TimeBucketDto(r.GetString(0), r.GetInt32(1)), Parameters(scopeId, filter));

    /// <summary>For a test that checks its query plan (it must count from <c>assets_owner_months</c>).</summary>
    internal static string BucketsSql(TimelineView view, bool withTag = false) => view == TimelineView.TimelineWithPartners
        ? $"""
        SELECT bucket, sum(n) FROM (
            SELECT strftime('%Y-%m', local_taken_at / 1000, 'unixepoch') AS bucket, count(*) AS n
            FROM assets a WHERE {Filter(TimelineView.Timeline)}{TagSql(withTag)}
            GROUP BY strftime('%Y-%m', local_taken_at / 1000, 'unixepoch')
            UNION ALL
            SELECT strftime('%Y-%m', a.local_taken_at / 1000, 'unixepoch') AS bucket, count(*) AS n
            FROM {PartnersInTimeline} WHERE {PartnerAssetSql}{TagSql(withTag)}
            GROUP BY strftime('%Y-%m', a.local_taken_at / 1000, 'unixepoch'))
        GROUP BY bucket ORDER BY bucket DESC;
        """
        : $"""
        SELECT strftime('%Y-%m', local_taken_at / 1000, 'unixepoch') AS bucket, count(*)
        FROM assets a WHERE {Filter(view)}{TagSql(withTag)}
        GROUP BY strftime('%Y-%m', local_taken_at / 1000, 'unixepoch') ORDER BY bucket DESC;
        """;

    /// <summary>
    /// The tiles whose local time falls in [<paramref name="start"/>, <paramref name="end"/>) (wall-clock times written as
    /// UTC), newest local time first, so that each day's tiles are together; equal wall clocks by the instant.
    /// </summary>
    public List<TimelineAssetDto> Bucket(SqliteConnection db, TimelineView view, string scopeId, DateTimeOffset start, DateTimeOffset end,
        TimelineTagFilter? filter = null) => db.Query(
        BucketSql(view, filter is not null), Map, [.. Parameters(scopeId, filter), ("$start", start.ToDb()), ("$end", end.ToDb())]);

    /// <summary>For a test that checks its query plan (a range on <c>assets_owner_local_time</c>).</summary>
    internal static string BucketSql(TimelineView view, bool withTag = false) => view == TimelineView.TimelineWithPartners
        ? $"""
        SELECT {TileColumns} FROM assets a
        WHERE {Filter(TimelineView.Timeline)}{TagSql(withTag)} AND a.local_taken_at >= $start AND a.local_taken_at < $end
        UNION ALL
        SELECT {TileColumns} FROM {PartnersInTimeline}
        WHERE {PartnerAssetSql}{TagSql(withTag)} AND a.local_taken_at >= $start AND a.local_taken_at < $end
        ORDER BY 13 DESC, 4 DESC, 1 DESC;
        """
        : $"""
        SELECT {TileColumns} FROM assets a
        WHERE {Filter(view)}{TagSql(withTag)} AND a.local_taken_at >= $start AND a.local_taken_at < $end
        ORDER BY a.local_taken_at DESC, a.taken_at DESC, a.id DESC;
        """;

    /// <summary>
    /// The partners the caller (<c>$scope</c>) shows in their timeline, each joined to their assets: CROSS JOIN keeps the
    /// partners as the outer loop, so each partner's assets are one scan of the owner's index, as the caller's own are
    /// (the union's other arm); an OR of owners in one WHERE could use neither.
    /// </summary>
    private const string PartnersInTimeline = "partners p CROSS JOIN assets a";

    /// <summary>What a partner share puts in the caller's timeline (<see cref="Partners.PartnerStore.SharedThroughSql"/>), stack covers only.</summary>
    private static readonly string PartnerAssetSql =
        $"p.shared_with_id = $scope AND p.in_timeline = 1 AND a.owner_id = p.shared_by_id AND a.deleted_at IS NULL AND a.visibility = 'timeline' " +
        $"AND {Partners.PartnerStore.SharedThroughSql} AND {StackCoverSql}";

    /// <summary>Returns false when no asset of that owner has the id.</summary>
    public bool SetFlags(SqliteConnection db, string ownerId, string id, bool? favorite, bool? archived, DateTimeOffset now) => db.Execute(
        """
        UPDATE assets SET is_favorite = coalesce($favorite, is_favorite), updated_at = $now,
            visibility = CASE WHEN $archived = 1 AND visibility = 'timeline' THEN 'archive'
                              WHEN $archived = 0 AND visibility = 'archive' THEN 'timeline' ELSE visibility END
        WHERE id = $id AND owner_id = $owner AND visibility IN ('timeline', 'archive');
        """,
        ("$id", id), ("$owner", ownerId), ("$favorite", favorite is null ? null : favorite.Value ? 1 : 0),
        ("$archived", archived is null ? null : archived.Value ? 1 : 0), ("$now", now.ToDb())) == 1;

    public AssetFlagsDto? Flags(SqliteConnection db, string ownerId, string id) => db.QuerySingle(
        "SELECT id, is_favorite, visibility = 'archive' FROM assets WHERE id = $id AND owner_id = $owner AND visibility IN ('timeline', 'archive');",
        r => new AssetFlagsDto(r.GetString(0), r.GetInt64(1) != 0, r.GetInt64(2) != 0), ("$id", id), ("$owner", ownerId));

    private static string TagSql(bool withTag) =>
        withTag ? $" AND a.id IN ({TagFilter.AssetIdsUnder("t.id = $tag", "$tagOwner")})" : "";

    private static (string, object?)[] Parameters(string scopeId, TimelineTagFilter? filter) =>
        filter is null ? [("$scope", scopeId)] : [("$scope", scopeId), ("$tag", filter.TagId), ("$tagOwner", filter.OwnerId)];

    /// <summary>
    /// <c>$scope</c> is the owner's user id, or the album id for an album. Archived assets leave the main timeline
    /// but stay in favourites and albums; trashed, hidden and locked ones appear in none of these (locked ones only in
    /// <see cref="TimelineView.Locked"/>, the locked folder).
    /// </summary>
    private static string Filter(TimelineView view) => view switch
    {
        TimelineView.Timeline => $"a.owner_id = $scope AND a.deleted_at IS NULL AND a.visibility = 'timeline' AND {StackCoverSql}",
        TimelineView.Favorites => $"a.owner_id = $scope AND a.deleted_at IS NULL AND a.is_favorite = 1 AND {AssetVisibilities.ListedSql} AND {StackCoverSql}",
        TimelineView.Archive => $"a.owner_id = $scope AND a.deleted_at IS NULL AND a.visibility = 'archive' AND {StackCoverSql}",
        TimelineView.Album => $"a.id IN (SELECT asset_id FROM album_assets WHERE album_id = $scope) AND a.deleted_at IS NULL AND {AssetVisibilities.ListedSql}",
        TimelineView.Locked => "a.owner_id = $scope AND a.deleted_at IS NULL AND a.visibility = 'locked'",
        _ => throw new ArgumentOutOfRangeException(nameof(view)),
    };

    public static TimelineAssetDto Map(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetTime(3), r.IsDBNull(4) ? null : r.GetInt32(4),
        r.IsDBNull(5) ? null : r.GetInt32(5), r.GetNullableString(6), !r.IsDBNull(7), r.GetInt64(8) != 0, r.GetInt64(9) != 0,
        r.IsDBNull(10) ? null : r.GetInt64(10) / 1000.0, r.GetString(11), LocalDateTime(r.GetTime(12)), r.IsDBNull(13) ? null : r.GetInt32(13),
        r.GetNullableString(14), r.GetNullableString(15), r.IsDBNull(15) ? null : r.GetInt32(16));

    /// <summary>A wall-clock time stored as if it were UTC, written without an offset: <c>2024-12-31T23:30:00.000</c>.</summary>
    public static string LocalDateTime(DateTimeOffset wallClockAsUtc) =>
        wallClockAsUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
