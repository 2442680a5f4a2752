using System.Globalization;
using System.Runtime.InteropServices;

namespace PiVault.Native.Vips;

/// <summary>
/// libvips computes every pipeline on its own pooled threads, named <c>libvips worker</c>, not on the caller's. Giving
/// them a lower scheduling priority (a nice value) lets whatever else the server does — answering an upload, serving
/// the timeline — take a core the moment it needs one, while image work still fills every core that would otherwise
/// sit idle. Linux only (threads are tasks with their own nice value); elsewhere nothing changes.
/// </summary>
/// <remarks>
/// libvips creates its threads on demand, so <see cref="Apply"/> runs after each image and lowers the ones it has not
/// seen yet: a new thread runs its first image at normal priority. Raising a nice value back needs privileges, so
/// the nice value can only go up for the life of the process.
/// </remarks>
public static partial class VipsWorkerPriority
{
    public const string ThreadName = "libvips worker";

    private static readonly Lock Gate = new();
    private static readonly HashSet<int> Seen = [];
    private static int _nice;

    /// <summary>The nice value given to libvips' threads (0: left alone).</summary>
    public static int Nice => Volatile.Read(ref _nice);

    /// <summary>How many libvips threads have been lowered so far.</summary>
    public static int Lowered { get; private set; }

    /// <summary>Sets the nice value (0–19) for libvips' threads from now on; the next <see cref="Apply"/> uses it.</summary>
    public static void Set(int nice)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(nice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        lock (Gate)
        {
            if (nice > _nice)
            {
                Seen.Clear();
            }
            Volatile.Write(ref _nice, Math.Max(_nice, nice));
        }
    }

    /// <summary>Lowers every libvips thread not yet lowered (cheap: one directory listing, and a read per new thread).</summary>
    public static void Apply()
    {
        var nice = Nice;
        if (nice == 0 || !OperatingSystem.IsLinux())
        {
            return;
        }
        lock (Gate)
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (!int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) || !Seen.Add(tid))
                {
                    continue;
                }
                if (NameOf(task) == ThreadName && setpriority(PrioProcess, tid, nice) == 0)
                {
                    Lowered++;
                }
            }
        }
    }

    /// <summary>The nice value of one thread of this process (tests, diagnostics).</summary>
    public static int NiceOf(int tid)
    {
        var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        // Fields after the parenthesised name: state is field 3, nice is field 19.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>This process's threads named <see cref="ThreadName"/>.</summary>
    public static IReadOnlyList<int> WorkerThreads() =>
        [.. Directory.EnumerateDirectories("/proc/self/task")
            .Where(task => NameOf(task) == ThreadName)
            .Select(task => int.Parse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture))];

    private static string? NameOf(string taskFolder)
    {
        try
        {
            return File.ReadAllText(Path.Combine(taskFolder, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return null; // the thread has ended
        }
    }

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);
}
