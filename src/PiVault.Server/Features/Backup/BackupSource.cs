using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Pipeline;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>An original the database snapshot knows: its asset, its path relative to the library, its SHA-1.</summary>
public sealed record BackedUpOriginal(string AssetId, string Path, byte[] Checksum, OriginalTier Tier = OriginalTier.Hot);

/// <summary>
/// The database side of a backup: a consistent copy through SQLite's online backup API (readers and the writer carry
/// on meanwhile), and the originals that copy's asset rows hold — so the database on the backup never names an
/// original the backup lacks.
/// </summary>
public static class BackupSource
{
    /// <summary>
    /// Copies the live database into <paramref name="snapshotPath"/> (a new file), leaves it in rollback-journal mode so
    /// it is one self-contained file, flushes it, and returns the originals its rows hold.
    /// </summary>
    public static List<BackedUpOriginal> Snapshot(Database database, string snapshotPath)
    {
        List<BackedUpOriginal> originals;
        using (var copy = OpenFile(snapshotPath))
        {
            using (var live = database.Open())
            {
                live.BackupDatabase(copy);
            }
            copy.Execute("PRAGMA journal_mode = DELETE;");
            var cold = new AssetStore(JobSteps.Production).ListColdPaths(copy);
            originals = ReadOriginals(copy).ConvertAll(o => cold.Contains(o.Path) ? o with { Tier = OriginalTier.Cold } : o);
        }
        DurableFile.Flush(snapshotPath);
        return originals;
    }

    /// <summary>The originals the asset rows of the database at <paramref name="path"/> hold (a snapshot on a backup).</summary>
    public static List<BackedUpOriginal> ReadOriginals(string path)
    {
        using var db = OpenFile(path);
        return ReadOriginals(db);
    }

    private static List<BackedUpOriginal> ReadOriginals(SqliteConnection db) =>
        new AssetStore(JobSteps.Production).ListPaths(db).ConvertAll(r => new BackedUpOriginal(r.Id, r.Path, r.Checksum));

    /// <summary>A connection of its own (no pool), so closing it really closes the file before it is renamed.</summary>
    private static SqliteConnection OpenFile(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
