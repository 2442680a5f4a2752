using PiVault.Hardware.Fakes;
using PiVault.Hardware.Health;
using PiVault.Hardware.Linux;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Health;

/// <summary>The real Linux reader against fake sysfs/procfs trees in a temp dir: complete, missing and malformed files.</summary>
public sealed class LinuxHealthSensorsTests : IDisposable
{
    private readonly string dir = TempDir.Create();
    private readonly FakeSysfsTree tree;
    private readonly LinuxHealthSensors sensors;

    public LinuxHealthSensorsTests()
    {
        tree = new FakeSysfsTree(dir);
        sensors = new LinuxHealthSensors(dir);
    }

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public void A_complete_pi4_tree_reads_every_signal()
    {
        tree.IdlePi4().Temperature(61.234).Throttled(0x50005).Pressure("memory", 12.5, 3.25).Pressure("cpu", 40.1, null);

        var reading = sensors.Read();

        Assert.Equal(61.234, reading.CpuTemperatureC!.Value, 3);
        Assert.Equal(new ThrottleFlags(0x50005), reading.Throttled);
        Assert.True(reading.Throttled!.Value is { UndervoltageNow: true, ThrottledNow: true, FrequencyCappedNow: false, UndervoltageOccurred: true, ThrottledOccurred: true });
        Assert.False(reading.UndervoltageAlarm);
        Assert.True(reading.UndervoltageNow); // the throttled bit counts even though the hwmon alarm is clear
        Assert.Equal(1_500_000, reading.CpuFrequencyKHz);
        Assert.Equal(new MemoryReading(3_884_000, 3_100_000, 102_396, 102_396), reading.Memory);
        Assert.Equal(new PressureReading(12.5, 3.25), reading.MemoryPressure);
        Assert.Equal(new PressureReading(40.1, null), reading.CpuPressure);
        Assert.Equal(new PressureReading(0.3, 0), reading.IoPressure);
        Assert.Empty(reading.Problems);
    }

    [Fact]
    public void An_empty_root_has_every_sensor_absent_and_no_problems()
    {
        var reading = sensors.Read();

        Assert.Equal(new HealthReading { Problems = reading.Problems }, reading);
        Assert.Null(reading.UndervoltageNow);
        Assert.Empty(reading.Problems);
    }

    [Fact]
    public void The_cpu_thermal_zone_is_found_by_type_not_by_number()
    {
        tree.Temperature(30, zone: 0, type: "gpu-thermal").Temperature(72.5, zone: 3);

        Assert.Equal(72.5, sensors.Read().CpuTemperatureC);
    }

    [Fact]
    public void Without_a_cpu_thermal_zone_the_temperature_is_absent()
    {
        tree.Temperature(30, zone: 0, type: "acpitz");

        Assert.Null(sensors.Read().CpuTemperatureC);
    }

    [Fact]
    public void The_rpi_volt_hwmon_is_found_by_name()
    {
        tree.Write("sys/class/hwmon/hwmon0/name", "cpu_thermal").Write("sys/class/hwmon/hwmon0/in0_lcrit_alarm", "0").UndervoltageAlarm(true, hwmon: 2);

        var reading = sensors.Read();

        Assert.True(reading.UndervoltageAlarm);
        Assert.Null(reading.Throttled);
        Assert.True(reading.UndervoltageNow);
    }

    [Fact]
    public void Get_throttled_accepts_plain_hex_and_a_0x_prefix()
    {
        tree.Write("sys/devices/platform/soc/soc:firmware/get_throttled", "e0000\n");
        Assert.Equal(0xe0000u, sensors.Read().Throttled!.Value.Bits);
        tree.Write("sys/devices/platform/soc/soc:firmware/get_throttled", "0x1");
        Assert.True(sensors.Read().Throttled!.Value.UndervoltageNow);
    }

    [Fact]
    public void Without_the_sysfs_node_the_mailbox_is_asked_and_a_device_that_is_no_mailbox_is_a_problem_not_a_crash()
    {
        tree.Temperature(55); // a board with a thermal zone but neither the node nor the mailbox
        Assert.Null(sensors.Read().Throttled); // no node, no /dev/vcio: absent, and nothing to report

        tree.Write("dev/vcio", ""); // a regular file: the real ioctl answers ENOTTY
        var reading = sensors.Read();

        Assert.Null(reading.Throttled);
        var problem = Assert.Single(reading.Problems);
        Assert.StartsWith("dev/vcio: GET_THROTTLED mailbox call failed", problem, StringComparison.Ordinal);
        Assert.NotNull(reading.CpuTemperatureC);
    }

    [Theory]
    [InlineData("sys/class/thermal/thermal_zone0/temp", "hot", "not an integer")]
    [InlineData("sys/class/thermal/thermal_zone0/temp", "", "not an integer")]
    [InlineData("sys/devices/platform/soc/soc:firmware/get_throttled", "zz", "not a hex number")]
    [InlineData("sys/class/hwmon/hwmon1/in0_lcrit_alarm", "7", "expected 0 or 1")]
    [InlineData("sys/devices/system/cpu/cpufreq/policy0/scaling_cur_freq", "1.5GHz", "not an integer")]
    [InlineData("proc/meminfo", "MemTotal: lots\n", "no MemTotal or MemAvailable")]
    [InlineData("proc/pressure/memory", "some avg10=garbage\n", "no 'some avg10=' line")]
    [InlineData("proc/pressure/io", "", "no 'some avg10=' line")]
    public void A_malformed_file_is_absent_with_a_reason_and_the_rest_still_reads(string path, string content, string reason)
    {
        tree.IdlePi4().Write(path, content);

        var reading = sensors.Read();

        var problem = Assert.Single(reading.Problems);
        Assert.StartsWith(path, problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        var absent = new List<object?>
        {
            reading.CpuTemperatureC, reading.Throttled, reading.UndervoltageAlarm, reading.CpuFrequencyKHz, reading.Memory,
            reading.MemoryPressure, reading.IoPressure,
        }.Count(v => v is null);
        Assert.Equal(1, absent);
        Assert.Equal(new PressureReading(1.5, 0), reading.CpuPressure);
    }

    [Fact]
    public void Missing_files_are_absent_never_zero()
    {
        tree.IdlePi4().Delete("proc/meminfo").Delete("proc/pressure/memory").Delete("sys/class/thermal/thermal_zone0/temp")
            .Delete("sys/devices/platform/soc/soc:firmware/get_throttled");

        var reading = sensors.Read();

        Assert.Null(reading.Memory);
        Assert.Null(reading.MemoryPressure);
        Assert.Null(reading.CpuTemperatureC);
        Assert.Null(reading.Throttled);
        Assert.False(reading.UndervoltageNow); // the hwmon alarm is still there and clear
        Assert.Empty(reading.Problems);
    }
}
