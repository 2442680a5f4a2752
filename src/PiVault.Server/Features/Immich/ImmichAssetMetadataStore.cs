using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Immich;

/// <summary>One key of an asset's Immich metadata (e.g. <c>mobile-app</c> → <c>{"iCloudId": …}</c>), with its change number.</summary>
public sealed record AssetMetadataItem(string AssetId, string Key, JsonElement Value, DateTimeOffset UpdatedAt, long Seq);

public sealed record AssetMetadataItemDeletion(string AssetId, string Key, long Seq);

/// <summary>SQL for <c>asset_metadata_items</c> and their deletion audit (migration 0039).</summary>
public sealed class ImmichAssetMetadataStore
{
    private const string Columns = "asset_id, key, value, updated_at, update_seq";

    public void Upsert(SqliteConnection db, string assetId, string ownerId, string key, JsonElement value, DateTimeOffset now) => db.Execute(
        """
        INSERT INTO asset_metadata_items (asset_id, key, owner_id, value, updated_at) VALUES ($asset, $key, $owner, $value, $now)
        ON CONFLICT (asset_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE value <> excluded.value;
        """,
        ("$asset", assetId), ("$key", key), ("$owner", ownerId), ("$value", value.GetRawText()), ("$now", now.ToDb()));

    public bool Delete(SqliteConnection db, string assetId, string key) =>
        db.Execute("DELETE FROM asset_metadata_items WHERE asset_id = $asset AND key = $key;", ("$asset", assetId), ("$key", key)) > 0;

    public List<AssetMetadataItem> Of(SqliteConnection db, string assetId) => db.Query(
        $"SELECT {Columns} FROM asset_metadata_items WHERE asset_id = $asset ORDER BY key;", Read, ("$asset", assetId));

    public List<AssetMetadataItem> ChangedSince(SqliteConnection db, string ownerId, long afterSeq, int limit) => db.Query(
        $"SELECT {Columns} FROM asset_metadata_items WHERE owner_id = $owner AND update_seq > $after ORDER BY update_seq LIMIT $limit;",
        Read, ("$owner", ownerId), ("$after", afterSeq), ("$limit", limit));

    public List<AssetMetadataItemDeletion> DeletedSince(SqliteConnection db, string ownerId, long afterSeq, int limit) => db.Query(
        "SELECT asset_id, key, seq FROM asset_metadata_item_deletions WHERE owner_id = $owner AND seq > $after ORDER BY seq LIMIT $limit;",
        r => new AssetMetadataItemDeletion(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$owner", ownerId), ("$after", afterSeq), ("$limit", limit));

    private static AssetMetadataItem Read(SqliteDataReader r)
    {
        using var value = JsonDocument.Parse(r.GetString(2));
        return new AssetMetadataItem(r.GetString(0), r.GetString(1), value.RootElement.Clone(), r.GetTime(3), r.GetInt64(4));
    }
}
