using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.Tags;

/// <summary>One tag: <see cref="Value"/> is its full path ("Parent/Child"), <see cref="Name"/> the last part.</summary>
public sealed record TagRecord(string Id, string OwnerId, string Value, string? ParentId, string? Color, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string Name => Value[(Value.LastIndexOf('/') + 1)..];
}

/// <summary>SQL for <c>tags</c> and <c>tag_assets</c> (migration 0041).</summary>
public sealed class TagStore
{
    private const string Columns = "id, owner_id, value, parent_id, color, created_at, updated_at";

    /// <summary>The tag and everything under it: its value, or its value followed by "/".</summary>
    private static readonly string Subtree = "owner_id = $owner AND " + TagFilter.AtOrUnder("value", "$value");

    public void Insert(SqliteConnection db, TagRecord tag) => db.Execute(
        "INSERT INTO tags (id, owner_id, value, parent_id, color, created_at, updated_at) VALUES ($id, $owner, $value, $parent, $color, $now, $now);",
        ("$id", tag.Id), ("$owner", tag.OwnerId), ("$value", tag.Value), ("$parent", tag.ParentId), ("$color", tag.Color), ("$now", tag.CreatedAt.ToDb()));

    public TagRecord? Find(SqliteConnection db, string ownerId, string id) =>
        db.QuerySingle($"SELECT {Columns} FROM tags WHERE id = $id AND owner_id = $owner;", Read, ("$id", id), ("$owner", ownerId));

    public TagRecord? FindByValue(SqliteConnection db, string ownerId, string value) =>
        db.QuerySingle($"SELECT {Columns} FROM tags WHERE owner_id = $owner AND value = $value;", Read, ("$owner", ownerId), ("$value", value));

    public List<TagRecord> List(SqliteConnection db, string ownerId) =>
        db.Query($"SELECT {Columns} FROM tags WHERE owner_id = $owner ORDER BY value, id;", Read, ("$owner", ownerId));

    public void SetColor(SqliteConnection db, string id, string? color, DateTimeOffset now) =>
        db.Execute("UPDATE tags SET color = $color, updated_at = $now WHERE id = $id;", ("$id", id), ("$color", color), ("$now", now.ToDb()));

    /// <summary>Renames a tag: its value and every descendant's change prefix.</summary>
    public void Rename(SqliteConnection db, string ownerId, string oldValue, string newValue, DateTimeOffset now) => db.Execute(
        $"UPDATE tags SET value = $new || substr(value, length($value) + 1), updated_at = $now WHERE {Subtree};",
        ("$owner", ownerId), ("$value", oldValue), ("$new", newValue), ("$now", now.ToDb()));

    /// <summary>Deletes the tag and its descendants (their asset links go with them).</summary>
    public void DeleteWithChildren(SqliteConnection db, string ownerId, string value)
    {
        db.Execute($"DELETE FROM tag_assets WHERE tag_id IN (SELECT id FROM tags WHERE {Subtree});", ("$owner", ownerId), ("$value", value));
        db.Execute($"DELETE FROM tags WHERE {Subtree};", ("$owner", ownerId), ("$value", value));
    }

    /// <summary>Per tag: the owner's timeline assets (not archived, trashed, hidden or locked) carrying it or a tag under it.</summary>
    public Dictionary<string, int> TimelineCounts(SqliteConnection db, string ownerId) => db.Query(
        $"""
        SELECT t.id, count(DISTINCT ta.asset_id) FROM tags t
        {TagFilter.JoinTagsUnderT}
        JOIN tag_assets ta ON ta.tag_id = d.id
        JOIN assets a ON a.id = ta.asset_id AND a.deleted_at IS NULL AND a.visibility = 'timeline'
        WHERE t.owner_id = $owner GROUP BY t.id;
        """,
        r => (Id: r.GetString(0), Count: r.GetInt32(1)), ("$owner", ownerId)).ToDictionary(c => c.Id, c => c.Count, StringComparer.Ordinal);

    /// <summary>Whether the link is new.</summary>
    public bool Tag(SqliteConnection db, string tagId, string assetId) =>
        db.Execute("INSERT INTO tag_assets (tag_id, asset_id) VALUES ($tag, $asset) ON CONFLICT DO NOTHING;", ("$tag", tagId), ("$asset", assetId)) > 0;

    /// <summary>Whether there was a link.</summary>
    public bool Untag(SqliteConnection db, string tagId, string assetId) =>
        db.Execute("DELETE FROM tag_assets WHERE tag_id = $tag AND asset_id = $asset;", ("$tag", tagId), ("$asset", assetId)) > 0;

    /// <summary>The owner's tags on an asset, by value.</summary>
    public List<TagRecord> OfAsset(SqliteConnection db, string ownerId, string assetId) => db.Query(
        $"SELECT {Columns} FROM tags WHERE owner_id = $owner AND id IN (SELECT tag_id FROM tag_assets WHERE asset_id = $asset) ORDER BY value, id;",
        Read, ("$owner", ownerId), ("$asset", assetId));

    private static TagRecord Read(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3), r.GetNullableString(4), r.GetTime(5), r.GetTime(6));
}
