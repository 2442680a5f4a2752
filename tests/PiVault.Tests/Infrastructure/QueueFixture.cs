using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// A real migrated SQLite file in a temp folder with its job queue and one user, for tests of the runner, the
/// governor and the watchdog: <see cref="AddAsset"/> inserts an asset and queues its first job, as an upload does.
/// </summary>
public sealed class QueueFixture : IDisposable
{
    public const string UserId = "u";

    private int assets;

    public QueueFixture(ManualTime time)
    {
        Time = time;
        MigratedTemplate.CopyTo(Path.Combine(Dir, "pivault.db")); // migrated once per run, copied per test
        Database = new Database(Path.Combine(Dir, "pivault.db"));
        Queue = new JobQueue(Database, time, JobSteps.Production);
        using var db = Database.Open();
        db.Execute("INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES ($id, 'u@x', 'u', 'x', 0, 0);", ("$id", UserId));
    }

    public string Dir { get; } = TempDir.Create();

    public ManualTime Time { get; }

    public Database Database { get; }

    public JobQueue Queue { get; }

    /// <summary>Inserts an image asset with a checksum of its own and queues its metadata job; returns its id.</summary>
    public string AddAsset()
    {
        var id = Guid.CreateVersion7().ToString();
        var checksum = BitConverter.GetBytes(Interlocked.Increment(ref assets));
        using var db = Database.Open();
        db.Execute(
            """
            INSERT INTO assets (id, owner_id, checksum, type, original_path, original_file_name, mime_type, file_size,
                                file_created_at, file_modified_at, taken_at, created_at, updated_at)
            VALUES ($id, $owner, $checksum, 'image', $path, 'a.jpg', 'image/jpeg', 1, 0, 0, 0, 0, 0);
            """,
            ("$id", id), ("$owner", UserId), ("$checksum", checksum), ("$path", $"{UserId}/{id}.jpg"));
        Queue.Enqueue(db, JobKinds.Metadata, id);
        Queue.Notify(JobKinds.MetadataQueue);
        return id;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TempDir.Delete(Dir);
    }
}
