using System.IO.Pipelines;
using Microsoft.Data.Sqlite;

namespace PiVault.Server.Features.Immich;

/// <summary>One sync stream in progress: its snapshot connection, the caller, their acked positions and the output.</summary>
public sealed class SyncContext(
    SqliteConnection db, string userId, Dictionary<string, long> checkpoints, SyncLineWriter lines, PipeWriter output, CancellationToken cancel)
{
    public SqliteConnection Db => db;

    public string UserId => userId;

    public SyncLineWriter Lines => lines;

    /// <summary>The acked position for an ack type: lines of that type after it are still to send.</summary>
    public long After(string ackType) => checkpoints.GetValueOrDefault(ackType);

    /// <summary>Reads the rows changed after the acked position one page at a time, writes each, and flushes after every page.</summary>
    public async Task PagesAsync<T>(Func<long, List<T>> pageAfter, Func<T, long> seqOf, string ackType, Action<T> write)
    {
        var after = After(ackType);
        List<T> rows;
        while ((rows = pageAfter(after)).Count > 0)
        {
            rows.ForEach(write);
            after = seqOf(rows[^1]);
            await output.FlushAsync(cancel);
        }
    }
}
