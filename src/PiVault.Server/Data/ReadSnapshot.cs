using Microsoft.Data.Sqlite;

namespace PiVault.Server.Data;

/// <summary>
/// One consistent view of the database for a read that spans many queries and services (a sync stream): a connection
/// in a deferred transaction, so every read sees the state of the first one while writers carry on (WAL). Services take
/// it where a caller needs several of their reads to agree; their stores get its connection.
/// </summary>
public sealed class ReadSnapshot : IDisposable
{
    private readonly SqliteTransaction transaction;

    internal ReadSnapshot(SqliteConnection connection)
    {
        Connection = connection;
        transaction = connection.BeginTransaction(deferred: true);
    }

    public SqliteConnection Connection { get; }

    public void Dispose()
    {
        transaction.Dispose();
        Connection.Dispose();
    }
}
