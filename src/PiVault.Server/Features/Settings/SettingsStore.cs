using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Settings;

/// <summary>SQL for the <c>settings</c> key/value table.</summary>
public sealed class SettingsStore
{
    public Dictionary<string, string> All(SqliteConnection db) =>
        db.Query("SELECT key, value FROM settings;", r => (r.GetString(0), r.GetString(1))).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    public void Set(SqliteConnection db, string key, string value, DateTimeOffset now) => db.Execute(
        "INSERT INTO settings (key, value, updated_at) VALUES ($key, $value, $now) ON CONFLICT (key) DO UPDATE SET value = $value, updated_at = $now;",
        ("$key", key), ("$value", value), ("$now", now.ToDb()));
}
