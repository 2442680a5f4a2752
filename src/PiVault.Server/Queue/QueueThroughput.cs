namespace PiVault.Server.Queue;

/// <summary>
/// Jobs completed per queue in each of the last 60 minutes, in memory only (a restart starts from zero). One
/// increment per finished job and no allocation, so counting costs nothing beside the job's own transaction.
/// </summary>
public sealed class QueueThroughput(TimeProvider time)
{
    private const int Minutes = 60;

    private readonly Lock gate = new();
    private readonly Dictionary<string, Bucket[]> queues = new(StringComparer.Ordinal);

    public void Record(string queue)
    {
        var minute = CurrentMinute();
        lock (gate)
        {
            if (!queues.TryGetValue(queue, out var buckets))
            {
                queues[queue] = buckets = new Bucket[Minutes];
            }
            ref var bucket = ref buckets[minute % Minutes];
            bucket = bucket.Minute == minute ? bucket with { Count = bucket.Count + 1 } : new Bucket(minute, 1);
        }
    }

    /// <summary>Jobs of <paramref name="queue"/> completed in the last <paramref name="minutes"/> minutes (1–60), this minute included.</summary>
    public long Completed(string queue, int minutes)
    {
        if (minutes is < 1 or > Minutes)
        {
            throw new ArgumentOutOfRangeException(nameof(minutes), minutes, "Between 1 and 60 minutes.");
        }
        var now = CurrentMinute();
        lock (gate)
        {
            return queues.TryGetValue(queue, out var buckets)
                ? buckets.Where(b => b.Count > 0 && b.Minute > now - minutes && b.Minute <= now).Sum(b => b.Count)
                : 0;
        }
    }

    /// <summary>The average jobs a minute over the last <paramref name="minutes"/> minutes, to two decimals.</summary>
    public double PerMinute(string queue, int minutes) => Math.Round((double)Completed(queue, minutes) / minutes, 2);

    private long CurrentMinute() => time.GetUtcNow().ToUnixTimeSeconds() / 60;

    private readonly record struct Bucket(long Minute, long Count);
}
