using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Backup;

/// <summary>One row of <c>backup_runs</c> (migration 0015).</summary>
public sealed record BackupRunRecord(long Id, string DriveId, string Target, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Outcome,
    string Trigger, int FilesCopied, long BytesCopied, int FilesVerified, int FilesOnBackup, long BytesOnBackup, string? Error);

/// <summary>The history of backup runs, per drive: hand-written SQL over <c>backup_runs</c>.</summary>
public sealed class BackupRunStore(Database database)
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    private const string Columns = "id, drive_id, target, started_at, finished_at, outcome, trigger, files_copied, bytes_copied, files_verified, "
        + "files_on_backup, bytes_on_backup, error";

    public long Start(string driveId, string target, string trigger, DateTimeOffset at)
    {
        using var db = database.Open();
        return db.Scalar<long>(
            "INSERT INTO backup_runs (drive_id, target, started_at, outcome, trigger) VALUES ($drive, $target, $at, 'running', $trigger) RETURNING id;",
            ("$drive", driveId), ("$target", target), ("$at", at.ToDb()), ("$trigger", trigger));
    }

    public void Finish(long id, string outcome, DateTimeOffset at, BackupReport? report, long bytesOnBackup, string? error)
    {
        using var db = database.Open();
        db.Execute(
            """
            UPDATE backup_runs SET finished_at = $at, outcome = $outcome, files_copied = $copied, bytes_copied = $bytes, files_verified = $verified,
                files_on_backup = $files, bytes_on_backup = $size, error = $error WHERE id = $id;
            """,
            ("$id", id), ("$at", at.ToDb()), ("$outcome", outcome), ("$copied", report?.FilesCopied ?? 0), ("$bytes", report?.BytesCopied ?? 0),
            ("$verified", report?.FilesVerified ?? 0), ("$files", report?.FilesOnBackup ?? 0), ("$size", bytesOnBackup), ("$error", error));
    }

    /// <summary>Runs a crash or power cut left open are closed as failed (called once at start-up).</summary>
    public int CloseInterrupted(DateTimeOffset at)
    {
        using var db = database.Open();
        return db.Execute("UPDATE backup_runs SET outcome = 'failed', finished_at = $at, error = 'PiVault stopped during the backup' WHERE outcome = 'running';",
            ("$at", at.ToDb()));
    }

    /// <summary>Each drive's newest run, newest first.</summary>
    public List<BackupRunRecord> LatestPerDrive()
    {
        using var db = database.Open();
        return db.Query($"SELECT {Columns} FROM backup_runs r WHERE id = (SELECT max(id) FROM backup_runs WHERE drive_id = r.drive_id) ORDER BY id DESC;", Read);
    }

    /// <summary>Each drive's newest successful run.</summary>
    public List<BackupRunRecord> LastGoodPerDrive()
    {
        using var db = database.Open();
        return db.Query(
            $"SELECT {Columns} FROM backup_runs r WHERE id = (SELECT max(id) FROM backup_runs WHERE drive_id = r.drive_id AND outcome = 'succeeded') ORDER BY id DESC;",
            Read);
    }

    public List<BackupRunRecord> Recent(int count)
    {
        using var db = database.Open();
        return db.Query($"SELECT {Columns} FROM backup_runs ORDER BY id DESC LIMIT $count;", Read, ("$count", count));
    }

    private static BackupRunRecord Read(SqliteDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetTime(3), r.GetNullableTime(4),
        r.GetString(5), r.GetString(6), r.GetInt32(7), r.GetInt64(8), r.GetInt32(9), r.GetInt32(10), r.GetInt64(11), r.GetNullableString(12));
}
