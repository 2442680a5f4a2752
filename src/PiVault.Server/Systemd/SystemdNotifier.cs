using System.Net.Sockets;
using System.Text;

namespace PiVault.Server.Systemd;

/// <summary>
/// Sends sd_notify(3) messages: one AF_UNIX datagram of newline-separated <c>KEY=VALUE</c> lines per message, to
/// the socket systemd names in <c>$NOTIFY_SOCKET</c>. Thread-safe; sending never throws, because systemd not
/// listening must never take the server down.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(1);
    private readonly Socket socket;
    private readonly UnixDomainSocketEndPoint endpoint;
    private readonly Lock gate = new();

    /// <param name="address">A path (<c>/run/systemd/notify</c>) or an abstract name (<c>@name</c>).</param>
    public SystemdNotifier(string address)
    {
        Address = address;
        endpoint = EndPointOf(address);
        // Blocking with a kernel send timeout: no thread pool involved, and a full systemd queue cannot hang the caller.
        socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { SendTimeout = (int)SendTimeout.TotalMilliseconds };
    }

    public string Address { get; }

    /// <summary>
    /// The socket address for a <c>NOTIFY_SOCKET</c> value. An abstract name starts with a NUL byte and its address
    /// length covers exactly the name, with no trailing NUL: <see cref="UnixDomainSocketEndPoint"/> encodes a string
    /// that starts with '\0' that way (and adds the terminating NUL only to paths).
    /// </summary>
    public static UnixDomainSocketEndPoint EndPointOf(string address) => address switch
    {
        ['/', ..] => new UnixDomainSocketEndPoint(address),
        ['@', _, ..] => new UnixDomainSocketEndPoint("\0" + address[1..]),
        _ => throw new ArgumentException($"'{address}' is neither a socket path nor an @abstract name.", nameof(address)),
    };

    /// <summary>Sends one message (for instance <c>"READY=1\nSTATUS=Serving"</c>); returns whether the datagram went out.</summary>
    public bool Send(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        lock (gate)
        {
            try
            {
                return socket.SendTo(bytes, SocketFlags.None, endpoint) == bytes.Length;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            socket.Dispose();
        }
    }
}
