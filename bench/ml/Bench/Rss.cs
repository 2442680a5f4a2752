namespace PiVault.Bench.Ml;

/// <summary>The process's resident set now (VmRSS) and its peak so far (VmHWM), in MiB, from /proc/self/status.</summary>
public static class Rss
{
    public static double NowMiB => Read("VmRSS:");

    public static double PeakMiB => Read("VmHWM:");

    private static double Read(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
}
