using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.Memories;

/// <param name="MemoryAt">The day it remembers, as a wall-clock midnight written as UTC (Immich's convention).</param>
/// <param name="ShowAt">From when it is shown (the household's local midnight of the day it is for), as an instant.</param>
public sealed record MemoryRecord(
    string Id, string OwnerId, string Type, int Year, DateTimeOffset MemoryAt, DateTimeOffset? ShowAt, DateTimeOffset? HideAt, DateTimeOffset? SeenAt,
    bool IsSaved, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Seq);

public sealed record MemoryAssetLink(string MemoryId, string AssetId, long Seq);

/// <summary>What a search asks for: <c>For</c> an instant (memories shown then), saved ones only, newest or oldest first.</summary>
public sealed record MemoryQuery(DateTimeOffset? For = null, bool? IsSaved = null, string Order = "desc", int? Size = null);

/// <summary>SQL for <c>memories</c>, <c>memory_assets</c> and <c>memory_days</c> (migration 0037).</summary>
public sealed class MemoryStore
{
    private const string Columns = "id, owner_id, type, year, memory_at, show_at, hide_at, seen_at, is_saved, created_at, updated_at, update_seq";

    /// <summary>The rule for a memory's photos on screen: never trashed, hidden or locked (<see cref="AssetVisibilities.ListedSql"/>).</summary>
    private const string Shown = $"a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}";

    public void Insert(SqliteConnection db, MemoryRecord m) => db.Execute(
        """
        INSERT INTO memories (id, owner_id, type, year, memory_at, show_at, hide_at, seen_at, is_saved, created_at, updated_at)
        VALUES ($id, $owner, $type, $year, $at, $show, $hide, $seen, $saved, $now, $now);
        """,
        ("$id", m.Id), ("$owner", m.OwnerId), ("$type", m.Type), ("$year", m.Year), ("$at", m.MemoryAt.ToDb()), ("$show", m.ShowAt?.ToDb()),
        ("$hide", m.HideAt?.ToDb()), ("$seen", m.SeenAt?.ToDb()), ("$saved", m.IsSaved ? 1 : 0), ("$now", m.CreatedAt.ToDb()));

    /// <summary>Adds the asset unless it is there already; returns whether it was added.</summary>
    public bool AddAsset(SqliteConnection db, string memoryId, string ownerId, string assetId) => db.Execute(
        "INSERT INTO memory_assets (memory_id, asset_id, owner_id) VALUES ($memory, $asset, $owner) ON CONFLICT DO NOTHING;",
        ("$memory", memoryId), ("$asset", assetId), ("$owner", ownerId)) == 1;

    public bool RemoveAsset(SqliteConnection db, string memoryId, string assetId) => db.Execute(
        "DELETE FROM memory_assets WHERE memory_id = $memory AND asset_id = $asset;", ("$memory", memoryId), ("$asset", assetId)) == 1;

    public void Update(SqliteConnection db, MemoryRecord m, DateTimeOffset now) => db.Execute(
        "UPDATE memories SET is_saved = $saved, memory_at = $at, seen_at = $seen, updated_at = $now WHERE id = $id;",
        ("$id", m.Id), ("$saved", m.IsSaved ? 1 : 0), ("$at", m.MemoryAt.ToDb()), ("$seen", m.SeenAt?.ToDb()), ("$now", now.ToDb()));

    /// <summary>Deletes the links first (each leaves its audit row for phones), then the memory.</summary>
    public void Delete(SqliteConnection db, string id)
    {
        db.Execute("DELETE FROM memory_assets WHERE memory_id = $id;", ("$id", id));
        db.Execute("DELETE FROM memories WHERE id = $id;", ("$id", id));
    }

    public MemoryRecord? Find(SqliteConnection db, string ownerId, string id) =>
        db.QuerySingle($"SELECT {Columns} FROM memories WHERE id = $id AND owner_id = $owner;", Read, ("$id", id), ("$owner", ownerId));

    public List<MemoryRecord> Search(SqliteConnection db, string ownerId, MemoryQuery q) => db.Query(
        $"""
        SELECT {Columns} FROM memories
        WHERE owner_id = $owner AND ($saved IS NULL OR is_saved = $saved)
          AND ($for IS NULL OR ((show_at IS NULL OR show_at <= $for) AND (hide_at IS NULL OR hide_at > $for)))
        ORDER BY {(q.Order == "asc" ? "memory_at, id" : q.Order == "random" ? "random()" : "memory_at DESC, id DESC")} LIMIT $limit;
        """,
        Read, ("$owner", ownerId), ("$saved", q.IsSaved is { } saved ? (saved ? 1 : 0) : null), ("$for", q.For?.ToDb()), ("$limit", q.Size ?? -1));

    /// <summary>The memory's photos that may be shown, in capture order.</summary>
    public List<string> ShownAssets(SqliteConnection db, string memoryId) => db.Query(
        $"SELECT a.id FROM memory_assets l JOIN assets a ON a.id = l.asset_id WHERE l.memory_id = $id AND {Shown} ORDER BY a.local_taken_at, a.id;",
        r => r.GetString(0), ("$id", memoryId));

    /// <summary>
    /// The owner's photos taken on <paramref name="monthDay"/> (MM-dd, local wall clock) of a year before <paramref name="beforeYear"/> that a
    /// memory may pick: on the timeline (not archived, as Immich's memories), not trashed, and only a stack's cover.
    /// </summary>
    public List<(string Id, int Year, long LocalTakenAt, bool IsFavorite)> OnThisDay(SqliteConnection db, string ownerId, string monthDay, int beforeYear) => db.Query(
        $"""
        SELECT a.id, CAST(strftime('%Y', a.local_taken_at / 1000, 'unixepoch') AS INTEGER) AS year, a.local_taken_at, a.is_favorite
        FROM assets a
        WHERE a.owner_id = $owner AND {Shown} AND a.visibility <> 'archive' AND a.type IN ('image', 'video')
          AND strftime('%m-%d', a.local_taken_at / 1000, 'unixepoch') = $day
          AND (a.stack_id IS NULL OR a.id = (SELECT s.primary_asset_id FROM stacks s WHERE s.id = a.stack_id))
          AND year < $year
        ORDER BY a.local_taken_at, a.id;
        """,
        r => (r.GetString(0), r.GetInt32(1), r.GetInt64(2), r.GetInt64(3) != 0), ("$owner", ownerId), ("$day", monthDay), ("$year", beforeYear));

    /// <summary>Marks a day built for the owner; false when it already was.</summary>
    public bool ClaimDay(SqliteConnection db, string ownerId, string day) =>
        db.Execute("INSERT INTO memory_days (owner_id, day) VALUES ($owner, $day) ON CONFLICT DO NOTHING;", ("$owner", ownerId), ("$day", day)) == 1;

    /// <summary>Unsaved memories whose day ended before <paramref name="cutoff"/>: the nightly pass removes them.</summary>
    public List<string> Expired(SqliteConnection db, DateTimeOffset cutoff) => db.Query(
        "SELECT id FROM memories WHERE is_saved = 0 AND hide_at IS NOT NULL AND hide_at < $cutoff;", r => r.GetString(0), ("$cutoff", cutoff.ToDb()));

    public List<MemoryRecord> ChangedSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        $"SELECT {Columns} FROM memories WHERE owner_id = $owner AND update_seq > $after ORDER BY update_seq LIMIT $limit;",
        Read, ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<MemoryAssetLink> LinksSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        "SELECT memory_id, asset_id, update_seq FROM memory_assets WHERE owner_id = $owner AND update_seq > $after ORDER BY update_seq LIMIT $limit;",
        r => new MemoryAssetLink(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<MemoryAssetLink> DeletedSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        "SELECT memory_id, '', seq FROM memory_deletions WHERE owner_id = $owner AND seq > $after ORDER BY seq LIMIT $limit;",
        r => new MemoryAssetLink(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<MemoryAssetLink> LinksDeletedSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        "SELECT memory_id, asset_id, seq FROM memory_asset_deletions WHERE owner_id = $owner AND seq > $after ORDER BY seq LIMIT $limit;",
        r => new MemoryAssetLink(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$owner", ownerId), ("$after", after), ("$limit", limit));

    private static MemoryRecord Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetTime(4), r.GetNullableTime(5), r.GetNullableTime(6), r.GetNullableTime(7),
        r.GetInt64(8) != 0, r.GetTime(9), r.GetTime(10), r.GetInt64(11));
}
