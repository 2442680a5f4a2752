namespace PiVault.Hardware.Health;

/// <summary>
/// The board's health signals, read on demand. Every reading is a snapshot; a sensor the board or kernel does not
/// have is null (never zero), and a file that exists but cannot be parsed is null with a line in <see cref="HealthReading.Problems"/>.
/// </summary>
public interface IHealthSensors
{
    HealthReading Read();
}

/// <summary>One snapshot of every health signal. Units are in the names.</summary>
public sealed record HealthReading
{
    /// <summary>The SoC temperature from the <c>cpu-thermal</c> zone.</summary>
    public double? CpuTemperatureC { get; init; }

    /// <summary>The firmware's get_throttled bit field (Raspberry Pi kernels only).</summary>
    public ThrottleFlags? Throttled { get; init; }

    /// <summary>The <c>rpi_volt</c> hwmon alarm: under-voltage seen since the driver's previous ~2 s poll.</summary>
    public bool? UndervoltageAlarm { get; init; }

    /// <summary>The frequency Linux asked for (cpufreq policy0), in kHz.</summary>
    public long? CpuFrequencyKHz { get; init; }

    public MemoryReading? Memory { get; init; }

    public PressureReading? MemoryPressure { get; init; }

    public PressureReading? CpuPressure { get; init; }

    public PressureReading? IoPressure { get; init; }

    /// <summary>Files that exist but could not be read or parsed, one line each.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Under-voltage right now, from whichever source the kernel has; null when it has none.</summary>
    public bool? UndervoltageNow => (UndervoltageAlarm, Throttled?.UndervoltageNow) switch
    {
        (null, null) => null,
        (var alarm, var bit) => alarm == true || bit == true,
    };
}

/// <summary>/proc/meminfo figures, in kB as the kernel reports them.</summary>
public sealed record MemoryReading(long TotalKB, long AvailableKB, long? SwapTotalKB, long? SwapFreeKB)
{
    public double AvailablePercent => TotalKB > 0 ? 100.0 * AvailableKB / TotalKB : 0;
}

/// <summary>
/// Pressure stall information: the share of the last 10 s in which some (at least one) or all (full) non-idle tasks
/// stalled on the resource, in percent. <see cref="FullAvg10"/> is null where the kernel has no "full" line (cpu on older kernels).
/// </summary>
public sealed record PressureReading(double SomeAvg10, double? FullAvg10);

/// <summary>The get_throttled bits (low half: now, high half: since boot), as documented for vcgencmd.</summary>
public readonly record struct ThrottleFlags(uint Bits)
{
    public bool UndervoltageNow => (Bits & 0x1) != 0;

    public bool FrequencyCappedNow => (Bits & 0x2) != 0;

    public bool ThrottledNow => (Bits & 0x4) != 0;

    public bool SoftTemperatureLimitNow => (Bits & 0x8) != 0;

    public bool UndervoltageOccurred => (Bits & 0x10000) != 0;

    public bool FrequencyCappedOccurred => (Bits & 0x20000) != 0;

    public bool ThrottledOccurred => (Bits & 0x40000) != 0;

    public bool SoftTemperatureLimitOccurred => (Bits & 0x80000) != 0;
}
