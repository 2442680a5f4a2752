using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>What a restore brought back.</summary>
public sealed record RestoreResult(int Originals, long Bytes, int RedrawJobs);

/// <summary>
/// Makes a data folder from a backup (<c>pivault restore</c>): only into an empty or new folder; the database copy
/// first, then every original the manifest lists as in the library and every one the database's rows hold, each
/// checked against its SHA-1; then the steps that make thumbnails are queued again (<see cref="DerivedFilesReset"/>).
/// A restore that fails removes what it wrote, so it can simply be run again.
/// </summary>
public static class RestoreService
{
    public static RestoreResult Run(string from, PiVaultOptions target, TimeProvider time)
    {
        var dataDir = Path.GetFullPath(target.DataDir);
        RequireEmpty(dataDir);
        var layout = BackupLayout.Find(from);
        if (!File.Exists(layout.ManifestPath) || !File.Exists(layout.DatabasePath))
        {
            throw new BackupException($"No backup in {from}: it has no {BackupLayout.FolderName}/manifest.tsv and pivault.db.");
        }
        var manifest = BackupManifest.Read(layout.ManifestPath);
        var existed = Directory.Exists(dataDir);
        Database? database = null;
        try
        {
            DurableFile.Copy(layout.DatabasePath, target.DatabasePath);
            var (count, bytes) = CopyOriginals(layout, manifest, target);
            database = new Database(target.DatabasePath);
            database.Initialize(); // a backup made by an older version gets the newer schema here
            // Every original was restored into the library: none is on a cold tier any more, and no move is in flight.
            using (var db = database.Open())
            {
                db.Execute("UPDATE assets SET original_tier = 'hot', tiered_at = NULL WHERE original_tier <> 'hot'; DELETE FROM tier_moves;");
            }
            var jobs = DerivedFilesReset.Run(database, time);
            ClosePool(database);
            return new RestoreResult(count, bytes, jobs);
        }
        catch
        {
            ClosePool(database);
            Undo(dataDir, existed);
            throw;
        }
    }

    private static (int Count, long Bytes) CopyOriginals(BackupLayout layout, Dictionary<string, BackupManifestEntry> manifest, PiVaultOptions target)
    {
        // The database's rows decide what the server needs; the manifest's live lines cover what it knew when written.
        // XMP sidecars are for other software reading the drive; the database holds the same facts.
        var wanted = manifest.Values.Where(e => !e.IsDeleted && !XmpSidecar.IsSidecar(e.Path)).ToDictionary(e => e.Path, e => e.Checksum, StringComparer.Ordinal);
        foreach (var row in BackupSource.ReadOriginals(target.DatabasePath))
        {
            wanted[row.Path] = row.Checksum;
        }
        var bytes = 0L;
        foreach (var (path, checksum) in wanted.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            var source = layout.LibraryFile(path);
            if (!File.Exists(source))
            {
                throw new BackupException($"The backup lacks {path}, which the database holds: restore refused.");
            }
            var destination = BackupLayout.ContainedPath(target.LibraryDir, path);
            DurableFile.Copy(source, destination);
            var actual = ContentChecksum.OfFile(destination);
            if (!actual.AsSpan().SequenceEqual(checksum))
            {
                throw new BackupVerificationException(path,
                    $"{path} on the backup has SHA-1 {Convert.ToHexStringLower(actual)}, not {Convert.ToHexStringLower(checksum)}: restore refused.");
            }
            bytes += new FileInfo(destination).Length;
        }
        return (wanted.Count, bytes);
    }

    public static void RequireEmpty(string dataDir)
    {
        if (File.Exists(dataDir) || Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())
        {
            throw new BackupException($"The data folder {dataDir} is not empty: restore only into an empty or new folder.");
        }
    }

    /// <summary>Closes the pooled connections of this database only, so the file is released for the server or for removal.</summary>
    private static void ClosePool(Database? database)
    {
        if (database is null)
        {
            return;
        }
        try
        {
            using var db = database.Open();
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(db);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // Never opened: nothing pooled.
        }
    }

    /// <summary>Removes what a failed restore wrote: the folder was empty or absent before, so all of it.</summary>
    private static void Undo(string dataDir, bool existed)
    {
        if (!Directory.Exists(dataDir))
        {
            return;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(dataDir))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
        if (!existed)
        {
            Directory.Delete(dataDir);
        }
    }
}
