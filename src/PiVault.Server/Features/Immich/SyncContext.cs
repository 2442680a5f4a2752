using System.IO.Pipelines;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Immich;

/// <summary>One sync stream in progress: its snapshot connection, the caller, their acked positions and the output.</summary>
public sealed class SyncContext(
    ReadSnapshot snapshot, string userId, Dictionary<string, long> checkpoints, SyncLineWriter lines, PipeWriter output, CancellationToken cancel)
{
    public ReadSnapshot Snapshot => snapshot;

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
