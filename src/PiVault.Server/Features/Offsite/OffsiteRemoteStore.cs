using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Offsite;

/// <summary>A remote's row: everything but its secrets (those are in the rclone config file only).</summary>
public sealed record OffsiteRemote(string Name, string Kind, Dictionary<string, string> Settings, bool Encrypted, int IntervalHours, string? Window,
    string? BandwidthLimit, int RetentionDays, DateTimeOffset CreatedAt);

/// <summary>The remotes the admin added: hand-written SQL over <c>offsite_remotes</c> (migration 0028).</summary>
public sealed class OffsiteRemoteStore(Database database)
{
    private const string Columns = "name, kind, settings, encrypted, interval_hours, window, bwlimit, retention_days, created_at";

    public bool Add(OffsiteRemote remote)
    {
        using var db = database.Open();
        return db.Execute(
            $"INSERT INTO offsite_remotes ({Columns}) VALUES ($name, $kind, $settings, $encrypted, $interval, $window, $bwlimit, $retention, $at) ON CONFLICT DO NOTHING;",
            ("$name", remote.Name), ("$kind", remote.Kind), ("$settings", JsonSerializer.Serialize(remote.Settings, PiVaultJsonContext.Default.DictionaryStringString)),
            ("$encrypted", remote.Encrypted), ("$interval", remote.IntervalHours), ("$window", remote.Window), ("$bwlimit", remote.BandwidthLimit),
            ("$retention", remote.RetentionDays), ("$at", remote.CreatedAt.ToDb())) == 1;
    }

    /// <summary>Writes the remote's schedule: interval, window, bandwidth limit, retention (the rest never changes).</summary>
    public bool UpdateSchedule(OffsiteRemote remote)
    {
        using var db = database.Open();
        return db.Execute(
            "UPDATE offsite_remotes SET interval_hours = $interval, window = $window, bwlimit = $bwlimit, retention_days = $retention WHERE name = $name;",
            ("$name", remote.Name), ("$interval", remote.IntervalHours), ("$window", remote.Window), ("$bwlimit", remote.BandwidthLimit),
            ("$retention", remote.RetentionDays)) == 1;
    }

    public bool Remove(string name)
    {
        using var db = database.Open();
        return db.Execute("DELETE FROM offsite_remotes WHERE name = $name;", ("$name", name)) == 1;
    }

    public OffsiteRemote? Find(string name)
    {
        using var db = database.Open();
        return db.QuerySingle($"SELECT {Columns} FROM offsite_remotes WHERE name = $name;", Read, ("$name", name));
    }

    public List<OffsiteRemote> List()
    {
        using var db = database.Open();
        return db.Query($"SELECT {Columns} FROM offsite_remotes ORDER BY name;", Read);
    }

    private static OffsiteRemote Read(SqliteDataReader r) => new(r.GetString(0), r.GetString(1),
        JsonSerializer.Deserialize(r.GetString(2), PiVaultJsonContext.Default.DictionaryStringString) ?? [], r.GetInt64(3) != 0, r.GetInt32(4),
        r.GetNullableString(5), r.GetNullableString(6), r.GetInt32(7), r.GetTime(8));
}
