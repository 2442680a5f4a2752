using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PiVault.Server.Systemd;

/// <summary>
/// One real HTTP request to the server's own listener over loopback: <c>GET /api/v1/server/ping</c>, expecting
/// 200. It uses a plain socket with poll and kernel timeouts, never the thread pool, so a starved pool or a wedged
/// Kestrel makes the check fail within <see cref="Timeout"/> instead of hanging the watchdog thread.
/// </summary>
public sealed class HttpPing(IPEndPoint target, TimeSpan timeout)
{
    public const string Path = "/api/v1/server/ping";

    public IPEndPoint Target { get; } = target;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>
    /// Where to reach the first plain-HTTP address Kestrel bound (as <c>IServerAddressesFeature</c> lists them) from
    /// this machine: a wildcard (<c>0.0.0.0</c>, <c>[::]</c>, <c>*</c>, <c>+</c>) or <c>localhost</c> becomes loopback.
    /// Null when there is none (HTTPS only, or a Unix socket).
    /// </summary>
    public static IPEndPoint? LoopbackTarget(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var authority = address["http://".Length..].Split('/')[0];
            var colon = authority.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                continue;
            }
            var host = authority[..colon].Trim('[', ']');
            var ip = host switch
            {
                "0.0.0.0" or "*" or "+" or "localhost" => IPAddress.Loopback,
                "::" => IPAddress.IPv6Loopback,
                _ => IPAddress.TryParse(host, out var parsed) ? parsed : null,
            };
            if (ip is not null)
            {
                return new IPEndPoint(ip, port);
            }
        }
        return null;
    }

    /// <summary>Null when the server answered 200 in time; otherwise what went wrong, in a few words.</summary>
    public string? Check()
    {
        try
        {
            using var socket = new Socket(Target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (ConnectWithin(socket) is { } refused)
            {
                return refused;
            }
            socket.SendTimeout = socket.ReceiveTimeout = (int)Timeout.TotalMilliseconds;
            socket.Send(Encoding.ASCII.GetBytes($"GET {Path} HTTP/1.1\r\nHost: {Target}\r\nConnection: close\r\n\r\n"));
            var status = ReadStatusLine(socket);
            return status.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal)
                ? null
                : $"HTTP {Target}{Path} answered '{status}'";
        }
        catch (SocketException e)
        {
            return $"HTTP {Target}{Path} failed: {(e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock ? $"no answer within {Timeout.TotalSeconds:F1} s" : e.Message)}";
        }
    }

    /// <summary>
    /// A blocking connect has no timeout (a full accept queue makes it retry SYNs for minutes), so connect
    /// non-blocking and poll for writability.
    /// </summary>
    private string? ConnectWithin(Socket socket)
    {
        socket.Blocking = false;
        try
        {
            socket.Connect(Target);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            if (!socket.Poll(Timeout, SelectMode.SelectWrite))
            {
                return $"HTTP {Target} did not accept a connection within {Timeout.TotalSeconds:F1} s";
            }
            if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error) is int error and not 0)
            {
                return $"HTTP {Target} refused the connection (error {error})";
            }
        }
        socket.Blocking = true;
        return null;
    }

    /// <summary>Reads until the end of the first line (the server closes after one small response).</summary>
    private static string ReadStatusLine(Socket socket)
    {
        var buffer = new byte[512];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
            {
                break;
            }
            length += read;
            var end = Array.IndexOf(buffer, (byte)'\r', 0, length);
            if (end >= 0)
            {
                return Encoding.ASCII.GetString(buffer, 0, end);
            }
        }
        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
