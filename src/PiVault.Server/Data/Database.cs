using Microsoft.Data.Sqlite;

namespace PiVault.Server.Data;

/// <summary>
/// Opens connections to the one SQLite file. WAL lets readers run beside the single writer;
/// <c>synchronous=FULL</c> makes every commit durable, because a committed asset row promises the
/// client that its original is safe.
/// </summary>
public sealed class Database
{
    private readonly string connectionString;

    public Database(string path)
    {
        Path = path;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public string Path { get; }

    /// <param name="durability">
    /// <see cref="Durability.Relaxed"/> skips the fsync at commit (WAL stays consistent; the last commits may be lost on
    /// power failure). Only for writes that are safe to lose, like job bookkeeping: jobs are idempotent and re-run.
    /// </param>
    public SqliteConnection Open(Durability durability = Durability.Full)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        SqliteVec.LoadInto(connection);
        connection.Execute(durability == Durability.Full ? FullPragmas : RelaxedPragmas);
        return connection;
    }

    /// <summary>A consistent view for reads that must agree with each other (<see cref="ReadSnapshot"/>).</summary>
    public ReadSnapshot Snapshot() => new(Open());

    private const string FullPragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
    private const string RelaxedPragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";

    /// <summary>Sets the file-level settings once: WAL survives in the file header, so readers never block the writer.</summary>
    public void Initialize()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Migrator.Apply(connection);
    }
}

public enum Durability
{
    Full,
    Relaxed,
}
