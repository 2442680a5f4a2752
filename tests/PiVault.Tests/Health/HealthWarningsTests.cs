using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Health;
using PiVault.Server.Features.Assets;
using PiVault.Server.Health;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Health;

/// <summary>Each warning appears when its condition holds and not otherwise; the queues' reasons come from the real governor.</summary>
public sealed class HealthWarningsTests
{
    private static readonly HealthReading Idle = new()
    {
        CpuTemperatureC = 48,
        Throttled = new ThrottleFlags(0),
        UndervoltageAlarm = false,
        CpuFrequencyKHz = 1_500_000,
        Memory = new MemoryReading(3_884_000, 3_100_000, 0, 0),
        MemoryPressure = new PressureReading(0, 0),
    };

    private static readonly DiskDto RoomyDisk = new(["data", "library"], "/var/lib/pivault", 1_000_000_000_000, 400_000_000_000, 40);

    /// <summary>The facts as the endpoint builds them: the governor decides over the reading, the queues carry depths.</summary>
    private static HealthFacts Facts(HealthReading reading, IReadOnlyList<HealthEventCountDto>? events = null, IReadOnlyList<DiskDto>? disks = null,
        long failedThumbnails = 0, bool thumbnailsPaused = false)
    {
        var governor = new HealthGovernor(new FakeHealthSensors(reading), GovernorRules.Pi4, new UploadActivity(),
            new ManualTime(DateTimeOffset.Parse("2026-07-01T12:00:00Z", CultureInfo.InvariantCulture)), NullLogger<HealthGovernor>.Instance,
            new Dictionary<string, int> { ["metadata"] = 2, ["thumbnails"] = 2 });
        var queues = governor.Evaluate().Queues.Select(d => new QueueHealthDto(d.Queue, d.Load.ToString().ToLowerInvariant(), d.MaxWorkers, d.AllowedWorkers,
            [.. d.Reasons], 0, 0, d.Queue == "thumbnails" ? failedThumbnails : 0, d.Queue == "thumbnails" && thumbnailsPaused, HealthWarnings.Label(d.Queue), 0, 0,
            d.Heat.ToString().ToLowerInvariant())).ToList();
        return new HealthFacts(reading, queues, events ?? NoEvents(), disks ?? [RoomyDisk], GovernorRules.Pi4);
    }

    private static List<HealthEventCountDto> NoEvents(int undervoltageToday = 0, int undervoltage24h = 0, bool? undervoltageSinceBoot = false, int throttledToday = 0) =>
    [
        new(HealthEventKinds.Undervoltage, undervoltageToday, Math.Max(undervoltageToday, undervoltage24h), undervoltageSinceBoot),
        new(HealthEventKinds.Throttled, throttledToday, throttledToday, false),
        new(HealthEventKinds.ThermalPause, 0, 0, null),
    ];

    private static HealthWarningDto Only(HealthFacts facts) => Assert.Single(HealthWarnings.For(facts));

    [Fact]
    public void A_healthy_pi_has_no_warnings()
    {
        Assert.Empty(HealthWarnings.For(Facts(Idle)));
    }

    [Fact]
    public void Absent_sensors_are_not_warnings()
    {
        // An x86 development box: no thermal zone, no under-voltage signal, no PSI.
        var bare = new HealthReading { Memory = new MemoryReading(16_000_000, 12_000_000, null, null) };
        Assert.Empty(HealthWarnings.For(Facts(bare, [new(HealthEventKinds.Undervoltage, 0, 0, null), new(HealthEventKinds.Throttled, 0, 0, null)])));
        Assert.Empty(HealthWarnings.For(Facts(new HealthReading(), [], [])));
    }

    [Fact]
    public void Under_voltage_episodes_today_say_how_many_times()
    {
        var warning = Only(Facts(Idle, NoEvents(undervoltageToday: 3)));
        Assert.Equal(("warning", "Power supply too weak: under-voltage detected 3 times today"), (warning.Level, warning.Title));
        Assert.Contains("5.1 V 3 A", warning.Advice, StringComparison.Ordinal);

        Assert.Equal("Power supply too weak: under-voltage detected once today", Only(Facts(Idle, NoEvents(undervoltageToday: 1))).Title);
        Assert.Equal("Power supply too weak: under-voltage detected 2 times in the last 24 hours", Only(Facts(Idle, NoEvents(undervoltage24h: 2))).Title);
    }

    [Fact]
    public void Under_voltage_right_now_is_critical()
    {
        var warning = HealthWarnings.For(Facts(Idle with { UndervoltageAlarm = true }, NoEvents(undervoltageToday: 2)))[0];
        Assert.Equal(("critical", "Power supply too weak: under-voltage right now"), (warning.Level, warning.Title));
        Assert.Contains("2 times today", warning.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_firmwares_since_boot_bit_alone_is_only_a_note()
    {
        var warning = Only(Facts(Idle with { Throttled = new ThrottleFlags(0x10000) }, NoEvents(undervoltageSinceBoot: true)));
        Assert.Equal("info", warning.Level);
        Assert.StartsWith("The power supply dipped", warning.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_hot_names_the_paused_queue_and_when_it_resumes()
    {
        var warning = Only(Facts(Idle with { CpuTemperatureC = 83.2 }));
        Assert.Equal(("warning", "Running hot: 83 °C, thumbnails paused until it cools below 78 °C"), (warning.Level, warning.Title));
        Assert.Contains("fan", warning.Advice, StringComparison.Ordinal);

        var critical = Only(Facts(Idle with { CpuTemperatureC = 86 }));
        Assert.Equal("critical", critical.Level);
        Assert.Equal("Running hot: 86 °C, photo details paused until it cools below 81 °C, thumbnails paused until it cools below 78 °C", critical.Title);
    }

    [Fact]
    public void Warm_but_not_paused_is_information()
    {
        var warning = Only(Facts(Idle with { CpuTemperatureC = 72 }));
        Assert.Equal(("info", "Warm: 72 °C, photo processing slowed until it cools below 66 °C"), (warning.Level, warning.Title));
        Assert.Empty(HealthWarnings.For(Facts(Idle with { CpuTemperatureC = 69 })));
    }

    [Fact]
    public void Firmware_throttling_now_or_today_is_a_warning()
    {
        Assert.Equal("The Pi is slowing itself down right now", Only(Facts(Idle with { Throttled = new ThrottleFlags(0x20002) })).Title);
        Assert.Equal("The Pi slowed itself down 2 times today", Only(Facts(Idle, NoEvents(throttledToday: 2))).Title);
    }

    [Fact]
    public void Low_memory_and_memory_pressure_are_warnings()
    {
        var low = Only(Facts(Idle with { Memory = new MemoryReading(4_000_000, 280_000, 0, 0) }));
        Assert.Equal(("warning", "Low on memory: 7 % free"), (low.Level, low.Title));

        var pressure = Only(Facts(Idle with { MemoryPressure = new PressureReading(25, 1) }));
        Assert.Equal("Low on memory: programs are waiting for memory", pressure.Title);
        Assert.Empty(HealthWarnings.For(Facts(Idle with { Memory = new MemoryReading(4_000_000, 480_000, 0, 0), MemoryPressure = new PressureReading(15, 2) })));
    }

    [Fact]
    public void A_nearly_full_disk_names_its_role()
    {
        var library = new DiskDto(["library"], "/mnt/library", 1_000_000_000_000, 40_000_000_000, 4);
        var warning = Only(Facts(Idle, disks: [RoomyDisk with { Roles = ["data"] }, library]));
        Assert.Equal(("warning", "Disk almost full: 4 % free on the library drive"), (warning.Level, warning.Title));
        Assert.Contains("40.0 GB of 1000.0 GB", warning.Detail, StringComparison.Ordinal);

        Assert.Equal("critical", Only(Facts(Idle, disks: [library with { FreePercent = 2 }])).Level);
        Assert.Equal("Disk almost full: 5 % free on the data drive", Only(Facts(Idle, disks: [library with { Roles = ["data"], FreePercent = 5 }])).Title);
        Assert.Empty(HealthWarnings.For(Facts(Idle, disks: [library with { FreePercent = 10 }])));
    }

    [Fact]
    public void A_configured_cold_drive_that_is_not_attached_is_a_warning_that_says_nothing_is_lost()
    {
        var warning = Assert.Single(HealthWarnings.For(Facts(Idle) with { ColdTierMissing = "/mnt/cold" }));

        Assert.Equal((HealthWarnings.Warning, "Cold-storage drive not attached"), (warning.Level, warning.Title));
        Assert.Contains("/mnt/cold", warning.Detail, StringComparison.Ordinal);
        Assert.Contains("Nothing is lost", warning.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queue_paused_by_the_admin_is_information()
    {
        var warning = Only(Facts(Idle, thumbnailsPaused: true));
        Assert.Equal(("info", "Photo processing is paused by an administrator"), (warning.Level, warning.Title));
        Assert.Contains("thumbnails", warning.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_jobs_are_counted_and_point_to_admin()
    {
        Assert.Equal("Failed jobs: 12 thumbnails failed — see Admin", Only(Facts(Idle, failedThumbnails: 12)).Title);
        Assert.Equal("Failed jobs: 1 thumbnail failed — see Admin", Only(Facts(Idle, failedThumbnails: 1)).Title);
    }

    [Fact]
    public void The_most_serious_come_first()
    {
        var warnings = HealthWarnings.For(Facts(Idle with { CpuTemperatureC = 83, UndervoltageAlarm = true }, failedThumbnails: 2, thumbnailsPaused: true));
        Assert.Equal(["critical", "warning", "warning", "info"], warnings.Select(w => w.Level));
    }
}
