using System.Globalization;
using System.Net.Sockets;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Linux;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Server.Systemd;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Systemd;

/// <summary>
/// The watchdog loop with the real job runner, queue and SQLite, the real health governor over a fake sysfs tree,
/// real HTTP, and a real notify socket: pings flow while everything answers and stop while something does not.
/// The runner's clock is moved by hand, so "running too long" does not depend on this machine's speed.
/// </summary>
public sealed class WatchdogTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly QueueFixture fixture = new(new ManualTime(DateTimeOffset.Parse("2026-08-01T12:00:00Z", CultureInfo.InvariantCulture)));
    private readonly HealthGovernor governor;
    private readonly LogCapture log = new();

    public WatchdogTests()
    {
        var tree = new FakeSysfsTree(Path.Combine(fixture.Dir, "root")).IdlePi4().Temperature(84);
        governor = new HealthGovernor(new LinuxHealthSensors(tree.Root), GovernorRules.Pi4, new UploadActivity(), fixture.Time,
            NullLogger<HealthGovernor>.Instance, new Dictionary<string, int> { [JobKinds.MetadataQueue] = 2, [JobKinds.ThumbnailQueue] = 2 });
        governor.Evaluate();
    }

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Pings_stop_while_a_job_is_wedged_past_the_stuck_limit_and_resume_when_it_ends()
    {
        using var release = new ManualResetEventSlim();
        using var started = new SemaphoreSlim(0);
        var handlers = new Dictionary<string, JobHandler>
        {
            // Blocks its thread and never looks at the cancellation token: a wedged decoder.
            [JobKinds.Metadata] = (_, _) =>
            {
                started.Release();
                release.Wait(CancellationToken.None);
                return Task.CompletedTask;
            },
            [JobKinds.Thumbnails] = (_, _) => Task.CompletedTask,
            [JobKinds.VideoPlayback] = (_, _) => Task.CompletedTask,
            [JobKinds.TierCold] = (_, _) => Task.CompletedTask,
            [JobKinds.Ocr] = (_, _) => Task.CompletedTask,
            [JobKinds.SmartSearch] = (_, _) => Task.CompletedTask,
            [JobKinds.Faces] = (_, _) => Task.CompletedTask,
            [JobKinds.Duplicates] = (_, _) => Task.CompletedTask,
            [JobKinds.People] = (_, _) => Task.CompletedTask,
        };
        using var runner = new JobRunner(fixture.Queue, new JobPipeline(handlers), governor, fixture.Database, NullLogger<JobRunner>.Instance, fixture.Time);
        using var listener = NotifyListener.AtPath(fixture.Dir);
        using var notifier = new SystemdNotifier(listener.Address);
        using var watchdog = new SystemdWatchdog(notifier, Interval, new Liveness(null, runner, fixture.Database, TimeSpan.FromSeconds(10)), new ServiceStatus(fixture.Queue, governor), log);
        await runner.StartAsync(CancellationToken.None);
        try
        {
            watchdog.Ready();
            var ready = await listener.WaitForAsync(n => n.Has("READY=1"), Wait);
            Assert.Equal("Serving; metadata 0 pending, thumbnails 0 pending, video 0 pending, storage 0 pending, ocr 0 pending, "
                + "smart-search 0 pending, faces 0 pending, duplicates 0 pending, people 0 pending; thumbnails paused: CPU at 84.0 °C", ready.Value("STATUS"));
            await listener.WaitForCountAsync("WATCHDOG=1", 3, Wait, ready.At);

            fixture.AddAsset();
            Assert.True(await started.WaitAsync(Wait));
            // Five seconds into a ten-second limit, with the other workers idle: still alive.
            fixture.Time.Advance(TimeSpan.FromSeconds(5));
            var busy = await listener.WaitForAsync(n => n.Value("STATUS")?.Contains("metadata 0 pending (1 running)", StringComparison.Ordinal) == true, Wait);
            await listener.WaitForCountAsync("WATCHDOG=1", 3, Wait, busy.At);

            fixture.Time.Advance(TimeSpan.FromSeconds(6));
            var warning = await log.WaitForAsync(LogLevel.Warning, m => m.Contains("pings stopped", StringComparison.Ordinal), Wait);
            Assert.Contains("job asset.metadata", warning, StringComparison.Ordinal);
            Assert.Contains("past the 10 s stuck limit", warning, StringComparison.Ordinal);
            await listener.WaitForAsync(n => n.Value("STATUS")?.StartsWith("Watchdog pings stopped: job asset.metadata", StringComparison.Ordinal) == true, Wait);
            await AssertSilentAsync(listener);
            Assert.Single(log.Entries, e => e.Message.Contains("pings stopped", StringComparison.Ordinal)); // logged once, not per tick

            release.Set();
            var resumed = await log.WaitForAsync(LogLevel.Information, m => m.Contains("pings resumed", StringComparison.Ordinal), Wait);
            Assert.Contains("asset.metadata", resumed, StringComparison.Ordinal);
            await listener.WaitForCountAsync("WATCHDOG=1", 3, Wait, listener.Now);
        }
        finally
        {
            release.Set();
            watchdog.Stopping();
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Pings_stop_while_the_HTTP_loop_does_not_answer()
    {
        using var listener = NotifyListener.AtPath(fixture.Dir);
        using var notifier = new SystemdNotifier(listener.Address);
        var server = await TestServer.StartAsync();
        var serverStopped = false;
        var target = HttpPing.LoopbackTarget([server.BaseAddress.ToString()])!;
        using var watchdog = new SystemdWatchdog(notifier, Interval, new Liveness(new HttpPing(target, TimeSpan.FromSeconds(2)), null, null, TimeSpan.FromMinutes(30)),
            new ServiceStatus(fixture.Queue, governor), log);
        try
        {
            watchdog.Ready();
            await listener.WaitForCountAsync("WATCHDOG=1", 3, Wait, TimeSpan.Zero);

            serverStopped = true;
            await server.DisposeAsync(); // the listener closes: connections are refused
            var warning = await log.WaitForAsync(LogLevel.Warning, m => m.Contains("pings stopped", StringComparison.Ordinal), Wait);
            Assert.Contains($"HTTP {target}", warning, StringComparison.Ordinal);
            await AssertSilentAsync(listener);
        }
        finally
        {
            watchdog.Stopping();
            if (!serverStopped)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_HTTP_check_passes_on_a_real_answer_and_fails_on_a_closed_port_or_a_silent_listener()
    {
        await using var server = await TestServer.StartAsync();
        var live = HttpPing.LoopbackTarget([server.BaseAddress.ToString()])!;
        Assert.Null(new HttpPing(live, TimeSpan.FromSeconds(5)).Check());

        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Assert.Contains("refused", new HttpPing(new IPEndPoint(IPAddress.Loopback, closedPort), TimeSpan.FromSeconds(1)).Check(), StringComparison.OrdinalIgnoreCase);

        // Accepts connections (the kernel queues them) but never answers: a wedged HTTP loop.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var started = DateTime.UtcNow;
            var problem = new HttpPing((IPEndPoint)silent.LocalEndpoint, TimeSpan.FromSeconds(1)).Check();
            Assert.Contains("no answer within 1.0 s", problem, StringComparison.Ordinal);
            Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        }
        finally
        {
            silent.Stop();
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:2283", "127.0.0.1:2283")]
    [InlineData("http://0.0.0.0:2283", "127.0.0.1:2283")]
    [InlineData("http://[::]:2283", "[::1]:2283")]
    [InlineData("http://localhost:5000", "127.0.0.1:5000")]
    [InlineData("http://192.168.1.20:80/", "192.168.1.20:80")]
    [InlineData("https://0.0.0.0:443;http://unix:/run/pivault.sock", null)]
    public void The_HTTP_check_targets_the_first_plain_HTTP_address_over_loopback(string addresses, string? expected) =>
        Assert.Equal(expected, HttpPing.LoopbackTarget(addresses.Split(';'))?.ToString());

    [Theory]
    [InlineData(null, "30000000", null, null, null)]
    [InlineData("/run/systemd/notify", null, null, "/run/systemd/notify", null)]
    [InlineData("/run/systemd/notify", "30000000", null, "/run/systemd/notify", 15.0)]
    [InlineData("@sd-notify", "30000000", "4242", "@sd-notify", 15.0)]
    [InlineData("/run/systemd/notify", "30000000", "1", "/run/systemd/notify", null)]
    [InlineData("/run/systemd/notify", "soon", null, "/run/systemd/notify", null)]
    [InlineData("vsock:2:1234", "30000000", null, null, null)]
    public void The_environment_enables_the_watchdog_only_for_this_process(string? socket, string? usec, string? pid, string? expectedSocket, double? expectedPingSeconds)
    {
        var env = new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = socket, ["WATCHDOG_USEC"] = usec, ["WATCHDOG_PID"] = pid };
        var systemd = SystemdEnvironment.Read(name => env.GetValueOrDefault(name), processId: 4242);
        Assert.Equal(expectedSocket, systemd.NotifySocket);
        Assert.Equal(expectedPingSeconds, systemd.PingInterval?.TotalSeconds);
        Assert.False(systemd.JournalStream);
        Assert.True(SystemdEnvironment.Read(name => name == "JOURNAL_STREAM" ? "8:12345" : null, 1).JournalStream);
    }

    [Fact]
    public void The_status_names_each_queue_and_why_one_is_held_back()
    {
        var counts = new List<QueueCounts>
        {
            new(JobKinds.MetadataQueue, 3, 0, 0, 0, false),
            new(JobKinds.ThumbnailQueue, 118, 2, 4, 2, true),
        };
        var decisions = new List<QueueDecision>
        {
            new(JobKinds.MetadataQueue, QueueLoad.Light, 2, 2, []),
            new(JobKinds.ThumbnailQueue, QueueLoad.Heavy, 2, 1, ["CPU at 72.0 °C: slowed above 70 °C until below 65 °C", "under-voltage 12 s ago: reduced for 10 min after it clears"]),
        };
        Assert.Equal(
            "Serving; metadata 3 pending, thumbnails 120 pending (2 running, 4 failed); thumbnails paused by the admin; "
            + "thumbnails slowed to 1 of 2 workers: CPU at 72.0 °C, under-voltage 12 s ago",
            ServiceStatus.Format(counts, decisions));
    }

    /// <summary>After the failure shows, allow pings already in flight to land, then expect none for ten intervals.</summary>
    private static async Task AssertSilentAsync(NotifyListener listener)
    {
        await Task.Delay(Interval * 3);
        var from = listener.Now;
        await Task.Delay(Interval * 10);
        Assert.Empty(listener.Matching("WATCHDOG=1", from));
    }

}
