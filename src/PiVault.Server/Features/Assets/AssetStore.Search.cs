using System.Text;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Assets;

/// <summary>Filters for a paged asset listing. Every filter is optional; trashed assets are left out unless asked for.</summary>
public sealed record AssetQuery
{
    public DateTimeOffset? TakenAfter { get; init; }
    public DateTimeOffset? TakenBefore { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public DateTimeOffset? UpdatedAfter { get; init; }
    public DateTimeOffset? UpdatedBefore { get; init; }
    public DateTimeOffset? TrashedAfter { get; init; }
    public DateTimeOffset? TrashedBefore { get; init; }
    public AssetType? Type { get; init; }
    public bool? IsFavorite { get; init; }
    public bool WithDeleted { get; init; }

    /// <summary>Locked and hidden ones too: for one asset that <see cref="AssetAccess"/> already let the caller see.</summary>
    public bool AnyVisibility { get; init; }
    public string? Id { get; init; }
    public byte[]? Checksum { get; init; }
    public string? OriginalFileName { get; init; }
    public string? DeviceId { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? Make { get; init; }
    public string? Model { get; init; }
    public string? LensModel { get; init; }
    /// <summary>Only assets whose recognised text contains this (case-insensitive; Immich's <c>ocr</c> filter).</summary>
    public string? Ocr { get; init; }
    /// <summary>Only assets in every one of these albums.</summary>
    public IReadOnlyList<string>? AlbumIds { get; init; }
    /// <summary>Only assets with a face of every one of these people (the owner's own: another user's person matches nothing).</summary>
    public IReadOnlyList<string>? PersonIds { get; init; }
    /// <summary>Only assets carrying every one of these tags or a tag under each (<see cref="TagFilter"/>; the owner's own tags).</summary>
    public IReadOnlyList<string>? TagIds { get; init; }
    /// <summary>Only assets whose original sits directly in this folder (<see cref="AssetStore.FolderSql"/>), not below it.</summary>
    public string? Folder { get; init; }
    public bool Ascending { get; init; }
}

public sealed partial class AssetStore
{
    /// <summary>
    /// SQL: the folder of an asset's original as the Immich app's folder view names it — the stored path up to its last
    /// <c>/</c>, without it (<c>owner/2024/05</c> for an upload, the import folder's path for a folder library's file).
    /// </summary>
    public const string FolderSql = "rtrim(rtrim(original_path, replace(original_path, '/', '')), '/')";

    /// <summary>The folders that hold the owner's listed (timeline or archive, not trashed) assets, sorted.</summary>
    public List<string> Folders(SqliteConnection db, string ownerId) => db.Query(
        $"""
        SELECT DISTINCT {FolderSql} AS folder FROM assets
        WHERE owner_id = $owner AND deleted_at IS NULL AND {AssetVisibilities.ListedSql} AND instr(original_path, '/') > 0
        ORDER BY folder;
        """,
        r => r.GetString(0), ("$owner", ownerId));

    public List<AssetChange> Search(SqliteConnection db, string ownerId, AssetQuery query, long offset, int limit)
    {
        var (where, parameters) = Where(ownerId, query);
        var order = query.Ascending ? "ASC" : "DESC";
        parameters.Add(("$limit", limit));
        parameters.Add(("$offset", offset));
        return db.Query(
            $"""
            SELECT {Columns}, update_seq, local_taken_at
            FROM assets WHERE {where} ORDER BY taken_at {order}, id {order} LIMIT $limit OFFSET $offset;
            """,
            MapChange, [.. parameters]);
    }

    public long Count(SqliteConnection db, string ownerId, AssetQuery query)
    {
        var (where, parameters) = Where(ownerId, query);
        return db.Scalar<long>($"SELECT count(*) FROM assets WHERE {where};", [.. parameters]);
    }

    private static (string Where, List<(string, object?)> Parameters) Where(string ownerId, AssetQuery q)
    {
        var sql = new StringBuilder("owner_id = $owner");
        var parameters = new List<(string, object?)> { ("$owner", ownerId) };
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                parameters.Add((name, value));
            }
        }
        Add("taken_at >= $takenAfter", "$takenAfter", q.TakenAfter?.ToDb());
        Add("taken_at <= $takenBefore", "$takenBefore", q.TakenBefore?.ToDb());
        Add("created_at >= $createdAfter", "$createdAfter", q.CreatedAfter?.ToDb());
        Add("created_at <= $createdBefore", "$createdBefore", q.CreatedBefore?.ToDb());
        Add("updated_at >= $updatedAfter", "$updatedAfter", q.UpdatedAfter?.ToDb());
        Add("updated_at <= $updatedBefore", "$updatedBefore", q.UpdatedBefore?.ToDb());
        Add("deleted_at >= $trashedAfter", "$trashedAfter", q.TrashedAfter?.ToDb());
        Add("deleted_at <= $trashedBefore", "$trashedBefore", q.TrashedBefore?.ToDb());
        Add("type = $type", "$type", q.Type?.ToDb());
        Add("is_favorite = $favorite", "$favorite", q.IsFavorite is { } favorite ? (favorite ? 1 : 0) : null);
        Add("id = $id", "$id", q.Id);
        Add("checksum = $checksum", "$checksum", q.Checksum);
        Add("original_file_name LIKE $fileName ESCAPE '\\'", "$fileName", q.OriginalFileName is { } name ? "%" + EscapeLike(name) + "%" : null);
        Add("device_id = $deviceId", "$deviceId", q.DeviceId);
        Add($"{FolderSql} = $folder", "$folder", q.Folder);
        foreach (var (column, value) in new[] { ("city", q.City), ("country", q.Country), ("make", q.Make), ("model", q.Model), ("lens_model", q.LensModel) })
        {
            Add($"EXISTS (SELECT 1 FROM asset_metadata m WHERE m.asset_id = assets.id AND m.{column} = ${column} COLLATE NOCASE)", "$" + column, value);
        }
        if (!string.IsNullOrWhiteSpace(q.Ocr))
        {
            var (condition, ocrParameters) = TextInPhotoFilter.Contains(q.Ocr);
            sql.Append(" AND ").Append(condition);
            parameters.AddRange(ocrParameters.Select(p => (p.Name, p.Value)));
        }
        if (q.AlbumIds is { Count: > 0 } albumIds)
        {
            var names = albumIds.Distinct(StringComparer.Ordinal).Select((id, i) => (Name: $"$album{i}", Id: id)).ToList();
            sql.Append(" AND id IN (SELECT asset_id FROM album_assets WHERE album_id IN (")
                .AppendJoin(", ", names.Select(n => n.Name)).Append(") GROUP BY asset_id HAVING count(*) = ").Append(names.Count).Append(')');
            parameters.AddRange(names.Select(n => (n.Name, (object?)n.Id)));
        }
        if (q.PersonIds is { Count: > 0 } personIds)
        {
            var names = personIds.Distinct(StringComparer.Ordinal).Select((id, i) => (Name: $"$person{i}", Id: id)).ToList();
            sql.Append(" AND id IN (SELECT asset_id FROM asset_faces WHERE owner_id = $owner AND person_id IN (")
                .AppendJoin(", ", names.Select(n => n.Name)).Append(") GROUP BY asset_id HAVING count(DISTINCT person_id) = ").Append(names.Count).Append(')');
            parameters.AddRange(names.Select(n => (n.Name, (object?)n.Id)));
        }
        if (q.TagIds is { Count: > 0 } tagIds)
        {
            var (condition, tagParameters) = TagFilter.HasEvery(tagIds, "$owner", "id");
            sql.Append(" AND ").Append(condition);
            parameters.AddRange(tagParameters.Select(p => (p.Name, p.Value)));
        }
        if (!q.WithDeleted && q.TrashedAfter is null && q.TrashedBefore is null)
        {
            sql.Append(" AND deleted_at IS NULL");
        }
        if (!q.AnyVisibility)
        {
            sql.Append(" AND ").Append(AssetVisibilities.ListedSql);
        }
        return (sql.ToString(), parameters);
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
