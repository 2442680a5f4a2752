using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// The sidecars' facts: for a backup, read from the database snapshot on it (so they match the originals it names); for
/// an export, one asset's from the live database.
/// </summary>
public static class XmpSource
{
    public static Dictionary<string, XmpFacts> Read(string snapshotPath)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshotPath, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        db.Open();
        var albums = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (asset, name) in db.Query(
            "SELECT aa.asset_id, a.name FROM album_assets aa JOIN albums a ON a.id = aa.album_id ORDER BY aa.asset_id, a.name, a.id;",
            r => (r.GetString(0), r.GetString(1))))
        {
            (albums.TryGetValue(asset, out var list) ? list : albums[asset] = []).Add(name);
        }
        var tags = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (asset, value) in db.Query(
            "SELECT ta.asset_id, t.value FROM tag_assets ta JOIN tags t ON t.id = ta.tag_id ORDER BY ta.asset_id, t.value;",
            r => (r.GetString(0), r.GetString(1))))
        {
            (tags.TryGetValue(asset, out var list) ? list : tags[asset] = []).Add(value);
        }
        return db.Query($"{FactsSql};", r => (Id: r.GetString(0), Facts: MapFacts(r, albums.TryGetValue(r.GetString(0), out var names) ? names : [])
                with { Tags = tags.TryGetValue(r.GetString(0), out var values) ? values : null }))
            .ToDictionary(x => x.Id, x => x.Facts, StringComparer.Ordinal);
    }

    /// <summary>
    /// One asset's facts for an export by <paramref name="viewerId"/>: only the albums that user sees, and the names of
    /// people and tags only from that user's own (another owner's are theirs to give).
    /// </summary>
    public static XmpFacts? ForAsset(SqliteConnection db, string assetId, string viewerId)
    {
        var albums = db.Query(
            """
            SELECT al.name FROM album_assets aa JOIN albums al ON al.id = aa.album_id
            WHERE aa.asset_id = $id AND al.id IN (SELECT album_id FROM album_viewers WHERE user_id = $viewer) ORDER BY al.name, al.id;
            """,
            r => r.GetString(0), ("$id", assetId), ("$viewer", viewerId));
        var people = db.Query(
            """
            SELECT DISTINCT p.name FROM asset_faces f JOIN people p ON p.id = f.person_id
            WHERE f.asset_id = $id AND p.owner_id = $viewer AND p.name <> '' ORDER BY p.name;
            """,
            r => r.GetString(0), ("$id", assetId), ("$viewer", viewerId));
        var tags = db.Query(
            "SELECT t.value FROM tag_assets ta JOIN tags t ON t.id = ta.tag_id WHERE ta.asset_id = $id AND t.owner_id = $viewer ORDER BY t.value;",
            r => r.GetString(0), ("$id", assetId), ("$viewer", viewerId));
        return db.QuerySingle($"{FactsSql} WHERE a.id = $id;", r => MapFacts(r, albums) with { People = people, Tags = tags }, ("$id", assetId));
    }

    private const string FactsSql =
        """
        SELECT a.id, a.taken_at, coalesce(m.utc_offset_minutes, a.utc_offset_minutes), m.latitude, m.longitude, m.altitude, m.description, a.is_favorite, m.rating
        FROM assets a LEFT JOIN asset_metadata m ON m.asset_id = a.id
        """;

    private static XmpFacts MapFacts(SqliteDataReader r, IReadOnlyList<string> albums) => new(
        r.GetTime(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.IsDBNull(4) ? null : r.GetDouble(4),
        r.IsDBNull(5) ? null : r.GetDouble(5), r.GetNullableString(6), r.GetInt64(7) != 0, albums,
        Rating: r.IsDBNull(8) ? null : r.GetInt32(8));
}
