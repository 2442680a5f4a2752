using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Backup;

/// <summary>The sidecars' facts, read from the database snapshot on the backup (so they match the originals it names).</summary>
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
        return db.Query(
            """
            SELECT a.id, a.taken_at, coalesce(m.utc_offset_minutes, a.utc_offset_minutes), m.latitude, m.longitude, m.altitude, m.description, a.is_favorite
            FROM assets a LEFT JOIN asset_metadata m ON m.asset_id = a.id;
            """,
            r => (Id: r.GetString(0), Facts: new XmpFacts(r.GetTime(1), r.IsDBNull(2) ? null : r.GetInt32(2), r.IsDBNull(3) ? null : r.GetDouble(3),
                r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetDouble(5), r.GetNullableString(6), r.GetInt64(7) != 0,
                albums.TryGetValue(r.GetString(0), out var names) ? names : [])))
            .ToDictionary(x => x.Id, x => x.Facts, StringComparer.Ordinal);
    }
}
