using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich.Realtime;

/// <summary>What a client's text frame is, in Engine.IO v4 / Socket.IO v5 terms.</summary>
public enum IncomingKind
{
    Unknown,
    Close,
    Ping,
    Pong,
    Upgrade,
    Noop,
    NamespaceConnect,
    NamespaceDisconnect,
    Event,
}

/// <summary>A parsed client frame: its kind, the Socket.IO namespace it names ("/" when none), and the rest of the frame.</summary>
public readonly record struct IncomingPacket(IncomingKind Kind, string Namespace, string Data);

/// <summary>
/// The Engine.IO v4 and Socket.IO v5 text framing over a websocket: one packet per frame, the Engine.IO type as the
/// first character (0 open, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop), a message's Socket.IO type as the
/// second (0 connect, 1 disconnect, 2 event, 4 connect error), then an optional "/namespace," and the JSON.
/// </summary>
public static class SocketIoPackets
{
    public const string MainNamespace = "/";

    public static ReadOnlyMemory<byte> Ping { get; } = "2"u8.ToArray();

    public static ReadOnlyMemory<byte> Disconnect { get; } = "41"u8.ToArray();

    public static IncomingPacket Parse(string frame)
    {
        if (frame.Length == 0)
        {
            return new(IncomingKind.Unknown, MainNamespace, "");
        }
        var rest = frame[1..];
        return frame[0] switch
        {
            '1' => new(IncomingKind.Close, MainNamespace, rest),
            '2' => new(IncomingKind.Ping, MainNamespace, rest),
            '3' => new(IncomingKind.Pong, MainNamespace, rest),
            '4' => ParseMessage(rest),
            '5' => new(IncomingKind.Upgrade, MainNamespace, rest),
            '6' => new(IncomingKind.Noop, MainNamespace, rest),
            _ => new(IncomingKind.Unknown, MainNamespace, rest),
        };
    }

    /// <summary>A Socket.IO packet inside an Engine.IO message: type digit, optional "/namespace,", then data.</summary>
    private static IncomingPacket ParseMessage(string message)
    {
        if (message.Length == 0)
        {
            return new(IncomingKind.Unknown, MainNamespace, "");
        }
        var body = message[1..];
        var ns = MainNamespace;
        if (body.StartsWith('/'))
        {
            var comma = body.IndexOf(',', StringComparison.Ordinal);
            ns = comma < 0 ? body : body[..comma];
            body = comma < 0 ? "" : body[(comma + 1)..];
        }
        var kind = message[0] switch
        {
            '0' => IncomingKind.NamespaceConnect,
            '1' => IncomingKind.NamespaceDisconnect,
            '2' => IncomingKind.Event,
            _ => IncomingKind.Unknown, // acks and binary packets: PiVault's clients send none
        };
        return new(kind, ns, body);
    }

    /// <summary>The handshake: <c>0{"sid","upgrades":[],"pingInterval","pingTimeout","maxPayload"}</c>.</summary>
    public static ReadOnlyMemory<byte> Open(EngineIoOpen open) => Prefixed("0", open, PiVaultJsonContext.Default.EngineIoOpen);

    /// <summary>A client ping (Engine.IO v3 habit) is answered with a pong carrying the same data.</summary>
    public static ReadOnlyMemory<byte> Pong(string data) => Encoding.UTF8.GetBytes("3" + data);

    /// <summary>The namespace connection is accepted: <c>40{"sid"}</c>.</summary>
    public static ReadOnlyMemory<byte> ConnectAck(string socketId) => Prefixed("40", new SocketIoConnectAck(socketId), PiVaultJsonContext.Default.SocketIoConnectAck);

    /// <summary>The namespace connection is refused: <c>44/ns,{"message"}</c>.</summary>
    public static ReadOnlyMemory<byte> ConnectError(string ns, string message) =>
        Prefixed(ns == MainNamespace ? "44" : $"44{ns},", new SocketIoConnectError(message), PiVaultJsonContext.Default.SocketIoConnectError);

    /// <summary>An event on the main namespace: <c>42["name",payload]</c>. Encoded once, sent to every listener as is.</summary>
    public static ReadOnlyMemory<byte> Event<T>(string name, T payload, JsonTypeInfo<T> info)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("42"u8);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(name);
            JsonSerializer.Serialize(json, payload, info);
            json.WriteEndArray();
        }
        return buffer.WrittenMemory;
    }

    private static ReadOnlyMemory<byte> Prefixed<T>(string prefix, T payload, JsonTypeInfo<T> info)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        buffer.Write(Encoding.ASCII.GetBytes(prefix));
        using (var json = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(json, payload, info);
        }
        return buffer.WrittenMemory;
    }
}

/// <summary>The Engine.IO open packet. No <c>upgrades</c>: the connection starts on the websocket and stays there.</summary>
public sealed record EngineIoOpen(string Sid, string[] Upgrades, int PingInterval, int PingTimeout, int MaxPayload);

public sealed record SocketIoConnectAck(string Sid);

public sealed record SocketIoConnectError(string Message);
