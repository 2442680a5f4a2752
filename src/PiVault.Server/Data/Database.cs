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

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        connection.Execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancel = default)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancel);
        connection.Execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;");
        return connection;
    }

    /// <summary>Sets the file-level settings once: WAL survives in the file header, so readers never block the writer.</summary>
    public void Initialize()
    {
        using var connection = Open();
        connection.Execute("PRAGMA journal_mode = WAL;");
        Migrator.Apply(connection);
    }
}
