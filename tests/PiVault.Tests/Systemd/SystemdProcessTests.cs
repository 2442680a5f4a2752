using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Systemd;

/// <summary>
/// The real pivault binary under a stand-in for systemd: a notify socket the test binds, the environment systemd
/// sets (NOTIFY_SOCKET, WATCHDOG_USEC, JOURNAL_STREAM), and SIGTERM to stop it.
/// </summary>
public sealed partial class SystemdProcessTests : IDisposable
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public async Task Ready_comes_once_it_serves_then_watchdog_pings_and_status_and_SIGTERM_stops_it_cleanly()
    {
        var port = 0;
        bool? listeningAtReady = null;
        // The moment READY arrives, before anything else: is the HTTP port accepting connections already?
        using var listener = NotifyListener.AtPath(dir, n => listeningAtReady ??= n.Has("READY=1") ? Accepts(port) : null);
        var dataDir = Path.Combine(dir, "data");
        await using var server = await ServerProcess.StartAsync(dataDir, new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = listener.Address,
            ["WATCHDOG_USEC"] = "500000",
        }, waitUntilReady: false);
        port = server.BaseAddress.Port;

        var ready = await listener.WaitForAsync(n => n.Has("READY=1"), Long);
        Assert.True(listeningAtReady, "READY=1 arrived before the HTTP port accepted connections");
        // The schema is migrated and the server answers: one request, no retry.
        using (var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/server/ping")).StatusCode);
        }
        Assert.Equal(Migrator.LatestVersion, SchemaVersion(Path.Combine(dataDir, "pivault.db")));
        Assert.Matches("^Serving; metadata 0 pending, thumbnails 0 pending", ready.Value("STATUS"));
        Assert.DoesNotContain(listener.All, n => n.Has("WATCHDOG=1") && n.At < ready.At);

        // WATCHDOG_USEC/2 = 250 ms. Generous bounds: the machine is shared and loaded.
        var pings = await listener.WaitForCountAsync("WATCHDOG=1", 10, Long, ready.At);
        var gaps = pings.Zip(pings.Skip(1), (a, b) => (b.At - a.At).TotalMilliseconds).Order().ToList();
        var median = gaps[gaps.Count / 2];
        Assert.InRange(median, 150, 450);
        Assert.True(gaps[^1] < 3000, $"a gap of {gaps[^1]:F0} ms between pings:\n{listener.Describe()}");

        await server.TerminateAsync();
        var stopping = await listener.WaitForAsync(n => n.Has("STOPPING=1"), Long);
        Assert.Equal(0, await server.WaitForExitAsync(Long));
        Assert.DoesNotContain(listener.All, n => n.At > stopping.At);
        Assert.Contains("Told systemd READY=1", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_abstract_notify_socket_is_addressed_by_its_exact_name()
    {
        var name = $"pivault-test-{Guid.NewGuid():N}";
        using var listener = NotifyListener.Abstract(name);
        // The kernel lists an abstract name with '@' for the NUL: a trailing NUL would show as a second '@'.
        Assert.Contains(File.ReadLines("/proc/net/unix"), line => line.EndsWith(" @" + name, StringComparison.Ordinal));

        await using var server = await ServerProcess.StartAsync(Path.Combine(dir, "data"), new Dictionary<string, string>
        {
            ["NOTIFY_SOCKET"] = listener.Address,
        }, waitUntilReady: false);

        var ready = await listener.WaitForAsync(n => n.Has("READY=1"), Long);
        Assert.StartsWith("Serving;", ready.Value("STATUS"), StringComparison.Ordinal);
        await Task.Delay(1000);
        Assert.Empty(listener.Matching("WATCHDOG=1")); // no WATCHDOG_USEC: systemd runs no watchdog, so no pings
    }

    [Fact]
    public async Task Under_the_journal_every_stdout_line_carries_a_syslog_priority()
    {
        var plain = await StartAndStopAsync(new Dictionary<string, string>());
        Assert.Contains(plain, line => line.StartsWith("info: Microsoft.Hosting.Lifetime", StringComparison.Ordinal));

        var journal = await StartAndStopAsync(new Dictionary<string, string> { ["JOURNAL_STREAM"] = "1:1" });
        Assert.NotEmpty(journal);
        Assert.All(journal, line => Assert.Matches(JournalLine(), line));
        Assert.Contains(journal, line => line.StartsWith("<6>Lifetime: Now listening on: http://127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(journal, line => line.StartsWith("<6>Lifetime: Application is shutting down", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<string>> StartAndStopAsync(Dictionary<string, string> environment)
    {
        await using var server = await ServerProcess.StartAsync(Path.Combine(dir, Guid.NewGuid().ToString("N")), environment);
        await server.TerminateAsync();
        Assert.Equal(0, await server.WaitForExitAsync(Long));
        return server.StandardOutputLines;
    }

    private static bool Accepts(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static long SchemaVersion(string databasePath)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }

    [GeneratedRegex(@"^<[2-7]>[A-Za-z0-9]+: \S")]
    private static partial Regex JournalLine();
}
