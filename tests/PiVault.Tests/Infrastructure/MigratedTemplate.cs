using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// One database migrated through every script, made once per test run; each test copies the file. Copying a
/// checkpointed file takes well under a millisecond, migrating takes tens, and the copy is byte for byte what
/// <see cref="Database.Initialize"/> leaves (WAL mode lives in the file header, so it comes along).
/// </summary>
public static class MigratedTemplate
{
    private static readonly Lazy<string> Template = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Where the service tier keeps its per-test folders: tmpfs when there is one (fsync costs nothing there, and these
    /// tests check rules, not durability), the ordinary temp folder otherwise.
    /// </summary>
    public static string Root { get; } = Directory.Exists("/dev/shm")
        ? Path.Combine("/dev/shm", "pivault-tests")
        : Path.Combine(Path.GetTempPath(), "pivault-tests");

    /// <summary>Copies the migrated database to <paramref name="databasePath"/> (its folder is created).</summary>
    public static void CopyTo(string databasePath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        File.Copy(Template.Value, databasePath);
    }

    /// <summary>A fresh folder under <see cref="Root"/>; the caller deletes it.</summary>
    public static string NewFolder()
    {
        var path = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string Create()
    {
        var folder = NewFolder();
        var path = Path.Combine(folder, "pivault.db");
        new Database(path).Initialize();
        // Every page into the main file and the WAL emptied, so copying the main file alone copies everything.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            connection.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TempDir.Delete(folder);
        return path;
    }
}
