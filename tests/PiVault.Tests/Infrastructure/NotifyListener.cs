using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// A real AF_UNIX datagram socket standing in for systemd's notify socket, bound to a path or to an abstract name.
/// <see cref="Address"/> is the <c>NOTIFY_SOCKET</c> value to hand to the server. Every datagram is kept, stamped
/// with its arrival time.
/// </summary>
public sealed class NotifyListener : IDisposable
{
    private readonly Socket socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly List<Notification> received = [];
    private readonly SemaphoreSlim arrived = new(0);
    private readonly CancellationTokenSource stop = new();
    private readonly string? path;
    private readonly Action<Notification>? onArrival;

    private NotifyListener(string address, string bindAs, string? path, Action<Notification>? onArrival)
    {
        Address = address;
        this.path = path;
        this.onArrival = onArrival;
        socket.Bind(new UnixDomainSocketEndPoint(bindAs));
        _ = ReceiveLoopAsync();
    }

    public string Address { get; }

    public TimeSpan Now => clock.Elapsed;

    /// <param name="onArrival">Runs on the receiving thread as each datagram arrives, before anything else happens.</param>
    public static NotifyListener AtPath(string directory, Action<Notification>? onArrival = null)
    {
        var path = Path.Combine(directory, "notify.sock");
        return new NotifyListener(path, path, path, onArrival);
    }

    /// <summary>An abstract socket: no file, the name starts with a NUL byte, written "@name" in NOTIFY_SOCKET.</summary>
    public static NotifyListener Abstract(string name) => new("@" + name, "\0" + name, null, null);

    public IReadOnlyList<Notification> All
    {
        get
        {
            lock (received)
            {
                return received.ToList();
            }
        }
    }

    /// <summary>The first datagram (in arrival order, from <paramref name="since"/> on) that matches; fails the test after the timeout.</summary>
    public async Task<Notification> WaitForAsync(Func<Notification, bool> match, TimeSpan timeout, TimeSpan? since = null)
    {
        var deadline = clock.Elapsed + timeout;
        while (true)
        {
            var found = All.FirstOrDefault(n => n.At >= (since ?? TimeSpan.Zero) && match(n));
            if (found is not null)
            {
                return found;
            }
            var left = deadline - clock.Elapsed;
            Assert.True(left > TimeSpan.Zero, $"no matching notification within {timeout.TotalSeconds:F0} s; got:\n{Describe()}");
            await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits until <paramref name="count"/> datagrams carrying <paramref name="assignment"/> arrived after <paramref name="since"/>.</summary>
    public async Task<List<Notification>> WaitForCountAsync(string assignment, int count, TimeSpan timeout, TimeSpan since)
    {
        await WaitForAsync(_ => Matching(assignment, since).Count >= count, timeout);
        return Matching(assignment, since);
    }

    public List<Notification> Matching(string assignment, TimeSpan since = default) =>
        All.Where(n => n.At >= since && n.Has(assignment)).ToList();

    public string Describe() => string.Join("\n", All.Select(n => $"{n.At.TotalSeconds,7:F2} {n.Text.Replace("\n", " | ", StringComparison.Ordinal)}"));

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        if (path is not null)
        {
            File.Delete(path);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        while (!stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await socket.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var notification = new Notification(clock.Elapsed, Encoding.UTF8.GetString(buffer, 0, length));
            onArrival?.Invoke(notification);
            lock (received)
            {
                received.Add(notification);
            }
            arrived.Release();
        }
    }
}

/// <summary>One sd_notify datagram: newline-separated KEY=VALUE assignments.</summary>
public sealed record Notification(TimeSpan At, string Text)
{
    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public bool Has(string assignment) => Lines.Contains(assignment);

    public string? Value(string key) => Lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
}
