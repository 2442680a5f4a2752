using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace PiVault.Bench.Crash;

/// <summary>The invariants checked after every restart and at the end (listed on <see cref="CrashHarness"/>).</summary>
public sealed partial class CrashHarness
{
    private void CheckAfterRestart(int run)
    {
        using var db = Open();
        using var snapshot = db.BeginTransaction(deferred: true);
        var rows = Query(db, "SELECT id, owner_id, checksum, original_path, type, metadata_at IS NOT NULL, thumbnails_at IS NOT NULL FROM assets;",
            r => (Id: r.GetString(0), Owner: r.GetString(1), Sha1: Convert.ToHexString((byte[])r.GetValue(2)), Path: r.GetString(3),
                Type: r.GetString(4), Metadata: r.GetBoolean(5), Thumbnails: r.GetBoolean(6)));
        var jobs = Query(db, "SELECT asset_id, kind, state, coalesce(last_error, '') FROM jobs WHERE asset_id IS NOT NULL;",
            r => (Asset: r.GetString(0), Kind: r.GetString(1), State: r.GetString(2), Error: r.GetString(3)));
        var journal = Query(db, "SELECT original_path FROM upload_journal;", r => r.GetString(0));
        snapshot.Commit();

        var byChecksum = rows.GroupBy(r => (r.Owner, r.Sha1)).ToList();
        foreach (var group in byChecksum.Where(g => g.Count() > 1))
        {
            Violation($"run {run}: {group.Count()} rows for one checksum of one user");
        }
        var rowsBySha1 = rows.GroupBy(r => r.Sha1).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        lock (gate)
        {
            foreach (var (sha1, acked) in acknowledged)
            {
                if (!rowsBySha1.TryGetValue(sha1, out var row))
                {
                    Violation($"run {run}: acknowledged {acked.Payload} ({acked.Id}) has no row");
                }
                else if (row.Id != acked.Id)
                {
                    Violation($"run {run}: acknowledged {acked.Payload} as {acked.Id}, but its row is {row.Id}");
                }
                else
                {
                    var full = Path.Combine(LibraryDir, row.Path);
                    if (!File.Exists(full))
                    {
                        Violation($"run {run}: the original of acknowledged {acked.Id} is missing ({row.Path})");
                    }
                    else if (!string.Equals(Sha1Hex(File.ReadAllBytes(full)), sha1, StringComparison.Ordinal))
                    {
                        Violation($"run {run}: the original of acknowledged {acked.Id} does not have its bytes");
                    }
                }
            }
        }
        var held = rows.Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var path in LibraryFiles())
        {
            if (!held.Contains(path))
            {
                Violation($"run {run}: orphan original {path}");
            }
        }
        foreach (var row in rows.Where(r => !File.Exists(Path.Combine(LibraryDir, r.Path))))
        {
            Violation($"run {run}: row {row.Id} has no original ({row.Path})");
        }
        foreach (var path in journal)
        {
            Violation($"run {run}: upload journal entry {path} left after start-up");
        }
        var temps = Path.Combine(LibraryDir, ".tmp");
        if (Directory.Exists(temps) && Directory.EnumerateFiles(temps).Any())
        {
            Violation($"run {run}: temp files left in library/.tmp after start-up");
        }
        var live = jobs.Where(j => j.State is "pending" or "running").Select(j => (j.Asset, j.Kind)).ToHashSet();
        foreach (var job in jobs.Where(j => j.State is not ("pending" or "running")))
        {
            Violation($"run {run}: job {job.Kind} of {job.Asset} is {job.State}: {job.Error}");
        }
        foreach (var row in rows.Where(r => r.Type is "image" or "video"))
        {
            if (!row.Metadata && !live.Contains((row.Id, "asset.metadata")))
            {
                Violation($"run {run}: asset {row.Id} has no metadata and no metadata job");
            }
            else if (row.Metadata && !row.Thumbnails && !live.Contains((row.Id, "asset.thumbnails")) && !live.Contains((row.Id, "asset.metadata")))
            {
                Violation($"run {run}: asset {row.Id} has no thumbnails and no thumbnail job");
            }
        }
    }

    /// <summary>On the database exactly as the kill left it, before the next start touches it.</summary>
    private void CheckIntegrity(int run)
    {
        using var db = Open();
        var result = Query(db, "PRAGMA integrity_check;", r => r.GetString(0));
        if (result is not ["ok"])
        {
            Violation($"run {run}: integrity_check: {string.Join("; ", result.Take(5))}");
        }
        SqliteConnection.ClearPool(db);
    }

    private async Task<(int JobsLeft, int Assets)> DrainAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var db = Open();
            var left = Scalar(db, "SELECT count(*) FROM jobs WHERE state IN ('pending', 'running');");
            var assets = Scalar(db, "SELECT count(*) FROM assets;");
            if (left == 0 || deadline.Elapsed > options.DrainTimeout)
            {
                return (left, assets);
            }
            await Task.Delay(500);
        }
    }

    private void CheckEverythingProcessed(int jobsLeft)
    {
        if (jobsLeft != 0)
        {
            Violation($"end: {jobsLeft} jobs still pending or running after {options.DrainTimeout.TotalMinutes} min");
            return;
        }
        using var db = Open();
        var unfinished = Scalar(db, "SELECT count(*) FROM assets WHERE type = 'image' AND (metadata_at IS NULL OR thumbnails_at IS NULL);");
        if (unfinished > 0)
        {
            Violation($"end: {unfinished} photos without metadata or thumbnails once every job had run");
        }
        var failed = Scalar(db, "SELECT count(*) FROM jobs;");
        if (failed > 0)
        {
            Violation($"end: {failed} jobs left (failed) once the queues were empty");
        }
    }

    private IEnumerable<string> LibraryFiles() => Directory.Exists(LibraryDir)
        ? Directory.EnumerateFiles(LibraryDir, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(LibraryDir, p))
            .Where(p => !p.StartsWith(".tmp", StringComparison.Ordinal))
        : [];

    private SqliteConnection Open()
    {
        var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        db.Open();
        return db;
    }

    private static List<T> Query<T>(SqliteConnection db, string sql, Func<SqliteDataReader, T> map)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(map(reader));
        }
        return list;
    }

    private static int Scalar(SqliteConnection db, string sql) => Query(db, sql, r => r.GetInt32(0))[0];
}
