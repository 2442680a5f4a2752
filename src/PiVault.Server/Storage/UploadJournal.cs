using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Storage;

/// <summary>Where <see cref="IFileStore.CommitOriginal"/> writes down a library path before it renames a file to it.</summary>
public interface IRenameJournal
{
    /// <summary>Records, durably, that a file is about to be renamed to <paramref name="relativePath"/>; false when another upload holds that name.</summary>
    bool TryBegin(string relativePath);

    /// <summary>Forgets a path whose file is gone again (the rename failed, or the upload turned out to be a duplicate and was removed).</summary>
    void Abandon(string relativePath);
}

/// <summary>
/// The one rule that makes an upload atomic from the user's view, for every API that stores originals: a path is
/// journalled (committed, fsync) before the original is renamed to it, and the journal row is removed in the same
/// transaction that inserts the asset. An original on disk is therefore always either held by an asset row
/// (acknowledged) or named in the journal (not acknowledged: <see cref="UploadRecovery"/> removes it at start-up).
/// </summary>
public sealed class UploadJournal(Database database, TimeProvider time) : IRenameJournal
{
    public bool TryBegin(string relativePath)
    {
        using var db = database.Open();
        // A path an asset already holds is taken too: its file may be on the cold tier, where the library cannot see it.
        return db.Execute(
            """
            INSERT INTO upload_journal (original_path, started_at)
            SELECT $path, $at WHERE NOT EXISTS (SELECT 1 FROM assets WHERE original_path = $path)
            ON CONFLICT (original_path) DO NOTHING;
            """,
            ("$path", relativePath), ("$at", time.GetUtcNow().ToDb())) == 1;
    }

    public void Abandon(string relativePath)
    {
        using var db = database.Open();
        Complete(db, relativePath);
    }

    /// <summary>Removes the entry inside the caller's transaction, the one that makes the asset row hold the path.</summary>
    public static void Complete(SqliteConnection db, string relativePath) =>
        db.Execute("DELETE FROM upload_journal WHERE original_path = $path;", ("$path", relativePath));

    /// <summary>Every journalled path with whether an asset row holds it (a finished upload whose entry outlived it).</summary>
    public static List<(string Path, bool Held)> Entries(SqliteConnection db) => db.Query(
        """
        SELECT j.original_path, EXISTS (SELECT 1 FROM assets a WHERE a.original_path = j.original_path)
        FROM upload_journal j ORDER BY j.original_path;
        """,
        r => (r.GetString(0), r.GetInt64(1) != 0));
}
