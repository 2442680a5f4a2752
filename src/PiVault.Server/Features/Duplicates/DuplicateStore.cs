using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.Duplicates;

/// <summary>One member of a duplicate group as the review needs it, with how much the metadata step found (for the suggestion).</summary>
public sealed record DuplicateMember(
    string GroupId, DateTimeOffset GroupCreatedAt, string AssetId, string FileName, string MimeType, long FileSize, int? Width, int? Height,
    DateTimeOffset TakenAt, int MetadataFields);

/// <summary>SQL for the hashes (<c>assets.phash</c>), the groups, their members and the dismissed pairs (migration 0016).</summary>
public sealed class DuplicateStore
{
    /// <summary>How many of the facts a camera writes the metadata step found: Immich suggests keeping the copy with more.</summary>
    private const string MetadataFields =
        "(md.taken_local IS NOT NULL) + (md.latitude IS NOT NULL) + (md.city IS NOT NULL) + (md.make IS NOT NULL) + (md.model IS NOT NULL) + " +
        "(md.lens_model IS NOT NULL) + (md.exposure_seconds IS NOT NULL) + (md.f_number IS NOT NULL) + (md.iso IS NOT NULL) + " +
        "(md.focal_length_mm IS NOT NULL) + (md.description IS NOT NULL)";

    public static ulong? HashOf(SqliteConnection db, string assetId)
    {
        using var command = db.Command("SELECT phash FROM assets WHERE id = $id;", ("$id", assetId));
        return command.ExecuteScalar() is long stored ? unchecked((ulong)stored) : null;
    }

    public void SetHash(SqliteConnection db, string assetId, ulong? hash) =>
        db.Execute("UPDATE assets SET phash = $hash WHERE id = $id;", ("$id", assetId), ("$hash", hash is { } bits ? unchecked((long)bits) : null));

    public string? GroupOf(SqliteConnection db, string assetId) =>
        db.Scalar<string>("SELECT group_id FROM duplicate_members WHERE asset_id = $id;", ("$id", assetId));

    /// <summary>Whether the owner said these two are not duplicates.</summary>
    public bool Dismissed(SqliteConnection db, string one, string other)
    {
        var (a, b) = Ordered(one, other);
        return db.Scalar<long>("SELECT count(*) FROM duplicate_dismissals WHERE asset_a = $a AND asset_b = $b;", ("$a", a), ("$b", b)) > 0;
    }

    /// <summary>The oldest of these groups (its id stays the one clients know), or null for none.</summary>
    public string? OldestOf(SqliteConnection db, IReadOnlyList<string> groupIds) => groupIds
        .Select(id => (Id: id, Created: db.Scalar<long>("SELECT created_at FROM duplicate_groups WHERE id = $id;", ("$id", id))))
        .OrderBy(g => g.Created).ThenBy(g => g.Id, StringComparer.Ordinal)
        .Select(g => g.Id).FirstOrDefault();

    public string CreateGroup(SqliteConnection db, string ownerId, DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now).ToString();
        db.Execute("INSERT INTO duplicate_groups (id, owner_id, created_at) VALUES ($id, $owner, $now);", ("$id", id), ("$owner", ownerId), ("$now", now.ToDb()));
        return id;
    }

    /// <summary>Puts the asset in the group, taking it out of any other.</summary>
    public void AddMember(SqliteConnection db, string groupId, string assetId, string source) => db.Execute(
        """
        INSERT INTO duplicate_members (asset_id, group_id, source) VALUES ($asset, $group, $source)
        ON CONFLICT (asset_id) DO UPDATE SET group_id = excluded.group_id;
        """,
        ("$asset", assetId), ("$group", groupId), ("$source", source));

    /// <summary>Moves every member of <paramref name="from"/> into <paramref name="into"/> and removes the emptied group.</summary>
    public void Merge(SqliteConnection db, string from, string into)
    {
        db.Execute("UPDATE duplicate_members SET group_id = $into WHERE group_id = $from;", ("$from", from), ("$into", into));
        DeleteGroup(db, from);
    }

    public void DeleteGroup(SqliteConnection db, string groupId) => db.Execute("DELETE FROM duplicate_groups WHERE id = $id;", ("$id", groupId));

    /// <summary>Records every pair of these assets as "not duplicates".</summary>
    public void Dismiss(SqliteConnection db, IReadOnlyList<string> assetIds, DateTimeOffset now)
    {
        for (var i = 0; i < assetIds.Count; i++)
        {
            for (var j = i + 1; j < assetIds.Count; j++)
            {
                var (a, b) = Ordered(assetIds[i], assetIds[j]);
                db.Execute("INSERT OR IGNORE INTO duplicate_dismissals (asset_a, asset_b, dismissed_at) VALUES ($a, $b, $now);",
                    ("$a", a), ("$b", b), ("$now", now.ToDb()));
            }
        }
    }

    /// <summary>
    /// The owner's groups that still hold two or more assets outside the trash, oldest group first, each group's members by
    /// capture time. A group whose other members went to the trash is not a duplicate any more.
    /// </summary>
    public List<List<DuplicateMember>> ListGroups(SqliteConnection db, string ownerId, string? groupId = null) => db.Query(
        $"""
        SELECT g.id, g.created_at, a.id, a.original_file_name, a.mime_type, a.file_size, a.width, a.height, a.taken_at, coalesce({MetadataFields}, 0)
        FROM duplicate_groups g
        JOIN duplicate_members m ON m.group_id = g.id
        JOIN assets a ON a.id = m.asset_id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql}
        LEFT JOIN asset_metadata md ON md.asset_id = a.id
        WHERE g.owner_id = $owner AND ($group IS NULL OR g.id = $group)
        ORDER BY g.created_at, g.id, a.taken_at, a.id;
        """,
        r => new DuplicateMember(r.GetString(0), r.GetTime(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt64(5),
            r.IsDBNull(6) ? null : r.GetInt32(6), r.IsDBNull(7) ? null : r.GetInt32(7), r.GetTime(8), r.GetInt32(9)),
        ("$owner", ownerId), ("$group", groupId))
        .GroupBy(m => m.GroupId, StringComparer.Ordinal)
        .Where(g => g.Count() >= 2)
        .Select(g => g.ToList())
        .ToList();

    /// <summary>Whether the owner has a group with this id (with or without live members).</summary>
    public bool Owns(SqliteConnection db, string ownerId, string groupId) =>
        db.Scalar<long>("SELECT count(*) FROM duplicate_groups WHERE id = $id AND owner_id = $owner;", ("$id", groupId), ("$owner", ownerId)) > 0;

    private static (string A, string B) Ordered(string one, string other) =>
        string.CompareOrdinal(one, other) < 0 ? (one, other) : (other, one);
}
