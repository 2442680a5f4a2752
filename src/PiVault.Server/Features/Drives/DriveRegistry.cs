using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Drives;

/// <summary>SQL for the <c>drives</c> table (<c>0014_drives.sql</c>).</summary>
public sealed class DriveRegistry
{
    public sealed record Row(
        string Uuid, string? Label, string? Model, long SizeBytes, long? FreeBytes, string? FileSystem, string Role, string? MountPoint,
        DateTimeOffset FirstSeen, DateTimeOffset LastSeen);

    /// <summary>Records a file system seen now: new rows get first_seen, known ones their current label, size and free space.</summary>
    public void Seen(SqliteConnection db, BlockDevice device, string? model, DateTimeOffset now) => db.Execute("""
        INSERT INTO drives (uuid, label, model, serial, size_bytes, free_bytes, fs_type, first_seen, last_seen)
        VALUES ($uuid, $label, $model, $serial, $size, $free, $fs, $now, $now)
        ON CONFLICT (uuid) DO UPDATE SET label = $label, model = coalesce($model, model), serial = coalesce($serial, serial),
            size_bytes = $size, free_bytes = coalesce($free, free_bytes), fs_type = $fs, last_seen = $now;
        """, ("$uuid", device.Uuid), ("$label", device.Label), ("$model", model), ("$serial", device.Serial), ("$size", device.SizeBytes),
        ("$free", device.FreeBytes), ("$fs", device.FileSystem), ("$now", now.ToDb()));

    public List<Row> All(SqliteConnection db) => db.Query(
        "SELECT uuid, label, model, size_bytes, free_bytes, fs_type, role, mount_point, first_seen, last_seen FROM drives ORDER BY first_seen, uuid;",
        r => new Row(r.GetString(0), r.GetNullableString(1), r.GetNullableString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4),
            r.GetNullableString(5), r.GetString(6), r.GetNullableString(7), r.GetTime(8), r.GetTime(9)));

    public void SetRole(SqliteConnection db, string uuid, string role) =>
        db.Execute("UPDATE drives SET role = $role WHERE uuid = $uuid;", ("$uuid", uuid), ("$role", role));

    /// <summary>Hot and cold are one drive each: the drive that had the role loses it.</summary>
    public void ClearRole(SqliteConnection db, string role) =>
        db.Execute("UPDATE drives SET role = 'none', mount_point = NULL WHERE role = $role;", ("$role", role));

    public void SetMountPoint(SqliteConnection db, string uuid, string? mountPoint) =>
        db.Execute("UPDATE drives SET mount_point = $mount WHERE uuid = $uuid;", ("$uuid", uuid), ("$mount", mountPoint));
}
