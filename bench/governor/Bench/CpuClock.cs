using System.Diagnostics;
using System.Runtime.InteropServices;

namespace PiVault.Bench.Governor;

/// <summary>
/// CPU time (user + system) from clock_gettime, in nanoseconds. Process.TotalProcessorTime reads /proc/self/stat in
/// clock ticks (10 ms here), far too coarse for one evaluation; the kernel's CPU-time clocks are exact to the nanosecond.
/// </summary>
internal static partial class CpuClock
{
    private const int ClockProcessCpuTime = 2; // CLOCK_PROCESS_CPUTIME_ID: every thread of this process
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID: the calling thread only

    /// <summary>CPU time of the calling thread: one evaluation's own cost, without the GC's or the timer's threads.</summary>
    public static long ThreadNs() => Read(ClockThreadCpuTime);

    /// <summary>CPU time of the whole process: everything, including GC and thread-pool wake-ups.</summary>
    public static long ProcessNs() => Read(ClockProcessCpuTime);

    public static double ElapsedUs(long fromTimestamp, long toTimestamp) => (toTimestamp - fromTimestamp) * 1e6 / Stopwatch.Frequency;

    public static double ElapsedMs(long fromTimestamp, long toTimestamp) => (toTimestamp - fromTimestamp) * 1e3 / Stopwatch.Frequency;

    private static long Read(int clock)
    {
        if (clock_gettime(clock, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime({clock}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    /// <summary>struct timespec on 64-bit Linux: two longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <returns>0, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int clock_gettime(int clockId, out TimeSpec time);
}
