using System.Runtime.InteropServices;

namespace PiVault.Bench.Ml;

/// <summary>
/// CPU time of the calling thread and of the whole process (clock_gettime). On this shared 2-core machine the wall
/// clock mostly measures other people's builds; CPU time is what the work itself cost, i.e. about what it takes on an
/// idle core of this CPU. The benches report both.
/// </summary>
public static partial class CpuClock
{
    private const int ProcessCpuTime = 2, ThreadCpuTime = 3;

    public static double ThreadSeconds => Read(ThreadCpuTime);

    public static double ProcessSeconds => Read(ProcessCpuTime);

    private static double Read(int clock)
    {
        if (ClockGetTime(clock, out var time) != 0)
        {
            throw new InvalidOperationException("clock_gettime failed");
        }
        return time.Seconds + time.Nanoseconds / 1e9;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
