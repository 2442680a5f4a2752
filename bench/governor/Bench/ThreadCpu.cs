using System.Globalization;

namespace PiVault.Bench.Governor;

/// <summary>
/// CPU time of every thread of this process (the first field of /proc/self/task/*/schedstat: time on a CPU in
/// nanoseconds), so an extra per-tick cost can be attributed by thread name (/proc/self/task/*/comm): the timer's
/// thread-pool worker, the GC's threads, tiered compilation. Deltas are per thread id: a thread that exits between two
/// snapshots drops out with its time in that stretch, one that starts counts from zero.
/// </summary>
internal static class ThreadCpu
{
    public static Dictionary<int, (string Name, long Ns)> Snapshot()
    {
        var threads = new Dictionary<int, (string, long)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(task, "comm")).Trim();
                var ns = long.Parse(File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ')[0], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = (name, ns);
            }
            catch (IOException)
            {
                // The thread exited while being read.
            }
        }
        return threads;
    }

    /// <summary>Nanoseconds per thread name between two snapshots.</summary>
    public static Dictionary<string, long> Delta(Dictionary<int, (string Name, long Ns)> before, Dictionary<int, (string Name, long Ns)> after) =>
        after.GroupBy(t => t.Value.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(t => t.Value.Ns - (before.TryGetValue(t.Key, out var b) ? b.Ns : 0)), StringComparer.Ordinal);
}
