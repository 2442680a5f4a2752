using System.Globalization;

namespace PiVault.Hardware.Fakes;

/// <summary>
/// Writes a Raspberry Pi 4's health files under a directory, for <see cref="Linux.LinuxHealthSensors"/> to read:
/// tests and development machines point the reader at <see cref="Root"/>. Only files the caller sets exist.
/// </summary>
public sealed class FakeSysfsTree(string root)
{
    public string Root { get; } = root;

    public FakeSysfsTree Temperature(double celsius, int zone = 0, string type = "cpu-thermal") =>
        Write($"sys/class/thermal/thermal_zone{zone}/type", type)
            .Write($"sys/class/thermal/thermal_zone{zone}/temp", ((long)Math.Round(celsius * 1000)).ToString(CultureInfo.InvariantCulture));

    public FakeSysfsTree Throttled(uint bits) =>
        Write("sys/devices/platform/soc/soc:firmware/get_throttled", bits.ToString("x", CultureInfo.InvariantCulture));

    public FakeSysfsTree UndervoltageAlarm(bool active, int hwmon = 1) =>
        Write($"sys/class/hwmon/hwmon{hwmon}/name", "rpi_volt").Write($"sys/class/hwmon/hwmon{hwmon}/in0_lcrit_alarm", active ? "1" : "0");

    public FakeSysfsTree CpuFrequency(long kHz) =>
        Write("sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq", kHz.ToString(CultureInfo.InvariantCulture));

    public FakeSysfsTree Memory(long totalKB, long availableKB, long swapTotalKB = 0, long swapFreeKB = 0) =>
        Write("proc/meminfo", string.Create(CultureInfo.InvariantCulture,
            $"MemTotal:       {totalKB} kB\nMemFree:        {availableKB / 2} kB\nMemAvailable:   {availableKB} kB\nSwapTotal:      {swapTotalKB} kB\nSwapFree:       {swapFreeKB} kB\n"));

    public FakeSysfsTree Pressure(string resource, double some, double? full = 0) =>
        Write($"proc/pressure/{resource}", PressureLine("some", some) + (full is { } f ? PressureLine("full", f) : ""));

    private static string PressureLine(string kind, double avg10) =>
        string.Create(CultureInfo.InvariantCulture, $"{kind} avg10={avg10:F2} avg60=0.00 avg300=0.00 total=0\n");

    /// <summary>A typical idle Pi 4 (4 GB): 45 °C, 1.5 GHz, no throttling, plenty of memory, no pressure.</summary>
    public FakeSysfsTree IdlePi4() =>
        Temperature(45).Throttled(0).UndervoltageAlarm(false).CpuFrequency(1_500_000).Memory(3_884_000, 3_100_000, 102_396, 102_396)
            .Pressure("memory", 0).Pressure("cpu", 1.5).Pressure("io", 0.3);

    /// <summary>
    /// A GPIO chip as a plain <c>dev/gpiochipN</c> file (its ioctls fail with ENOTTY, as on any non-GPIO file) plus the
    /// sysfs class device with its label and line count, which the chip finder falls back to.
    /// </summary>
    public FakeSysfsTree GpioChip(int number, string label, uint lines, int lineBase = 512) =>
        Write($"dev/gpiochip{number}", "")
            .Write($"sys/bus/gpio/devices/gpiochip{number}/gpiochip{lineBase}/label", label + "\n")
            .Write($"sys/bus/gpio/devices/gpiochip{number}/gpiochip{lineBase}/ngpio", lines.ToString(CultureInfo.InvariantCulture) + "\n");

    /// <summary>An LED under sys/class/leds with its trigger list (the active one in brackets) and brightness.</summary>
    public FakeSysfsTree Led(string name, string triggers = "none rc-feedback timer [heartbeat] mmc0", int brightness = 0, int maxBrightness = 1) =>
        Write($"sys/class/leds/{name}/trigger", triggers + "\n")
            .Write($"sys/class/leds/{name}/brightness", brightness.ToString(CultureInfo.InvariantCulture) + "\n")
            .Write($"sys/class/leds/{name}/max_brightness", maxBrightness.ToString(CultureInfo.InvariantCulture) + "\n");

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public FakeSysfsTree Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public FakeSysfsTree Delete(string relative)
    {
        File.Delete(Path.Combine(Root, relative));
        return this;
    }
}
