using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Features.Offsite;

/// <summary>What one off-site run did, for its row.</summary>
public sealed record OffsiteRunCounts(int FilesUploaded, long BytesUploaded, int FilesOnRemote, int FilesSampled, string? VerifyCursor);

/// <summary>The history of off-site runs: hand-written SQL over <c>offsite_runs</c> (migration 0028). Outcomes as in <see cref="BackupRunStore"/>.</summary>
public sealed class OffsiteRunStore(Database database)
{
    private const string Columns = "id, remote, started_at, finished_at, outcome, trigger, files_uploaded, bytes_uploaded, files_on_remote, files_sampled, error";

    public long Start(string remote, string trigger, DateTimeOffset at)
    {
        using var db = database.Open();
        return db.Scalar<long>("INSERT INTO offsite_runs (remote, started_at, outcome, trigger) VALUES ($remote, $at, 'running', $trigger) RETURNING id;",
            ("$remote", remote), ("$at", at.ToDb()), ("$trigger", trigger));
    }

    public void Finish(long id, string outcome, DateTimeOffset at, OffsiteRunCounts counts, string? error)
    {
        using var db = database.Open();
        db.Execute(
            """
            UPDATE offsite_runs SET finished_at = $at, outcome = $outcome, files_uploaded = $files, bytes_uploaded = $bytes, files_on_remote = $on,
                files_sampled = $sampled, verify_cursor = coalesce($cursor, verify_cursor), error = $error WHERE id = $id;
            """,
            ("$id", id), ("$at", at.ToDb()), ("$outcome", outcome), ("$files", counts.FilesUploaded), ("$bytes", counts.BytesUploaded),
            ("$on", counts.FilesOnRemote), ("$sampled", counts.FilesSampled), ("$cursor", counts.VerifyCursor), ("$error", error));
    }

    /// <summary>
    /// Closes the runs a crash or power cut left open (called once at start-up) and returns their remotes: the
    /// scheduler runs those again at once.
    /// </summary>
    public List<string> CloseInterrupted(DateTimeOffset at)
    {
        using var db = database.Open();
        return db.Query(
            "UPDATE offsite_runs SET outcome = 'failed', finished_at = $at, error = 'PiVault stopped during the off-site backup' WHERE outcome = 'running' RETURNING remote;",
            r => r.GetString(0), ("$at", at.ToDb())).Distinct(StringComparer.Ordinal).ToList();
    }

    public OffsiteRunDto? Last(string remote, bool goodOnly = false)
    {
        using var db = database.Open();
        return db.QuerySingle(
            $"SELECT {Columns} FROM offsite_runs WHERE remote = $remote {(goodOnly ? "AND outcome = 'succeeded'" : "")} ORDER BY id DESC LIMIT 1;",
            Read, ("$remote", remote));
    }

    /// <summary>Where the last run's rotating download sample stopped.</summary>
    public string? VerifyCursor(string remote)
    {
        using var db = database.Open();
        return db.Scalar<string>("SELECT verify_cursor FROM offsite_runs WHERE remote = $remote AND verify_cursor IS NOT NULL ORDER BY id DESC LIMIT 1;",
            ("$remote", remote));
    }

    private static OffsiteRunDto Read(SqliteDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetTime(2), r.GetNullableTime(3), r.GetString(4),
        r.GetString(5), r.GetInt32(6), r.GetInt64(7), r.GetInt32(8), r.GetInt32(9), r.GetNullableString(10));
}
