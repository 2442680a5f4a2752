using System.Globalization;
using PiVault.Hardware.Health;

namespace PiVault.Hardware.Linux;

/// <summary>
/// Reads the health signals from sysfs and procfs under <paramref name="root"/> ("/" on the device, a temp tree in
/// tests). Each read opens and closes the files it needs; nothing is cached, so sensors that appear after start-up
/// (a module loaded late) are picked up. All files are world-readable; no group is needed.
/// </summary>
public sealed class LinuxHealthSensors(string root = "/") : IHealthSensors
{
    /// <summary>Downstream-only and deprecated (one WARN_ONCE in dmesg per boot), but the only sysfs source of all bits.</summary>
    internal const string GetThrottledPath = "sys/devices/platform/soc/soc:firmware/get_throttled";
    /// <summary>The firmware mailbox that vcgencmd uses: the fallback for the throttle bits when the sysfs node is absent.</summary>
    internal const string MailboxPath = "dev/vcio";
    internal const string ThermalDir = "sys/class/thermal";
    internal const string HwmonDir = "sys/class/hwmon";
    internal const string CpuFrequencyPath = "sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq";
    internal const string MeminfoPath = "proc/meminfo";
    internal const string PressureDir = "proc/pressure";

    public HealthReading Read()
    {
        var problems = new List<string>();
        return new HealthReading
        {
            CpuTemperatureC = ReadTemperature(problems),
            Throttled = ReadThrottled(problems),
            UndervoltageAlarm = ReadUndervoltageAlarm(problems),
            CpuFrequencyKHz = ReadLong(CpuFrequencyPath, problems),
            Memory = ReadMemory(problems),
            MemoryPressure = ReadPressure("memory", problems),
            CpuPressure = ReadPressure("cpu", problems),
            IoPressure = ReadPressure("io", problems),
            Problems = problems,
        };
    }

    private string Full(string relative) => Path.Combine(root, relative);

    /// <summary>The zone is found by its type, never assumed to be zone0; the value is in millidegrees Celsius.</summary>
    private double? ReadTemperature(List<string> problems)
    {
        foreach (var zone in Children(ThermalDir, "thermal_zone*"))
        {
            if (ReadText(Path.Combine(zone, "type")) == "cpu-thermal")
            {
                var milli = ReadLong(Path.Combine(zone, "temp"), problems);
                return milli / 1000.0;
            }
        }
        return null;
    }

    /// <summary>
    /// The sysfs node, printed by the driver with "%x": hex without a 0x prefix (a prefix is tolerated). Where a kernel
    /// has the mailbox but not the node, the same bits come from GET_THROTTLED on /dev/vcio.
    /// </summary>
    private ThrottleFlags? ReadThrottled(List<string> problems)
    {
        if (ReadText(GetThrottledPath) is not { } text)
        {
            return File.Exists(Full(MailboxPath)) ? ReadThrottledFromMailbox(problems) : null;
        }
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits))
        {
            return new ThrottleFlags(bits);
        }
        problems.Add($"{GetThrottledPath}: not a hex number: '{Shorten(text)}'");
        return null;
    }

    private ThrottleFlags? ReadThrottledFromMailbox(List<string> problems)
    {
        if (FirmwareMailbox.GetThrottled(Full(MailboxPath), out var error) is { } bits)
        {
            return new ThrottleFlags(bits);
        }
        return Malformed<ThrottleFlags?>(problems, MailboxPath, error!);
    }

    /// <summary>The hwmon device whose name is rpi_volt; hwmonN numbering is not stable across boots.</summary>
    private bool? ReadUndervoltageAlarm(List<string> problems)
    {
        foreach (var device in Children(HwmonDir, "hwmon*"))
        {
            if (ReadText(Path.Combine(device, "name")) == "rpi_volt")
            {
                return ReadLong(Path.Combine(device, "in0_lcrit_alarm"), problems) switch
                {
                    null => null,
                    0 => false,
                    1 => true,
                    var other => Malformed<bool?>(problems, Path.Combine(device, "in0_lcrit_alarm"), $"expected 0 or 1, found {other}"),
                };
            }
        }
        return null;
    }

    private MemoryReading? ReadMemory(List<string> problems)
    {
        if (ReadLines(MeminfoPath) is not { } lines)
        {
            return null;
        }
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            // "MemAvailable:    1234567 kB"
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var parts = colon > 0 ? line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            if (parts.Length > 0 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..colon]] = value;
            }
        }
        if (!values.TryGetValue("MemTotal", out var total) || !values.TryGetValue("MemAvailable", out var available))
        {
            return Malformed<MemoryReading?>(problems, MeminfoPath, "no MemTotal or MemAvailable line");
        }
        return new MemoryReading(total, available, values.TryGetValue("SwapTotal", out var swap) ? swap : null,
            values.TryGetValue("SwapFree", out var swapFree) ? swapFree : null);
    }

    /// <summary>"some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and, where the kernel has it, the same for "full".</summary>
    private PressureReading? ReadPressure(string resource, List<string> problems)
    {
        var path = Path.Combine(PressureDir, resource);
        if (ReadLines(path) is not { } lines)
        {
            return null;
        }
        double? some = null, full = null;
        foreach (var line in lines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !fields[1].StartsWith("avg10=", StringComparison.Ordinal)
                || !double.TryParse(fields[1].AsSpan(6), NumberStyles.Float, CultureInfo.InvariantCulture, out var avg10) || avg10 < 0)
            {
                continue;
            }
            if (fields[0] == "some")
            {
                some = avg10;
            }
            else if (fields[0] == "full")
            {
                full = avg10;
            }
        }
        return some is { } s ? new PressureReading(s, full) : Malformed<PressureReading?>(problems, path, "no 'some avg10=' line");
    }

    private long? ReadLong(string relative, List<string> problems)
    {
        if (ReadText(relative) is not { } text)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : Malformed<long?>(problems, relative, $"not an integer: '{Shorten(text)}'");
    }

    private static T Malformed<T>(List<string> problems, string relative, string reason)
    {
        problems.Add($"{relative}: {reason}");
        return default!;
    }

    private List<string> Children(string relativeDir, string pattern)
    {
        try
        {
            var dir = Full(relativeDir);
            return Directory.Exists(dir)
                ? Directory.GetFileSystemEntries(dir, pattern).Order(StringComparer.Ordinal).Select(p => Path.GetRelativePath(root, p)).ToList()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The trimmed file content, or null when it is missing or unreadable (an absent sensor, not an error).</summary>
    private string? ReadText(string relative)
    {
        try
        {
            return File.ReadAllText(Full(relative)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string[]? ReadLines(string relative) => ReadText(relative)?.Split('\n');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
