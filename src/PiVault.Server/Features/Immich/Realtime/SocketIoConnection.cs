using System.Buffers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using PiVault.Server.Configuration;

namespace PiVault.Server.Features.Immich.Realtime;

/// <summary>
/// One Engine.IO v4 connection on a websocket, with its one Socket.IO socket on the main namespace. Everything it sends
/// goes through a bounded outbox drained by one sender; the receiver answers pings and namespace connects; a heartbeat
/// pings the client and closes the connection when no pong comes back in time.
/// </summary>
/// <param name="userId">The authenticated user (the room it joins); null when the handshake carried no valid credential.</param>
/// <param name="sessionId">The login session it belongs to, so logging out can end it; null for API keys.</param>
/// <param name="onConnect">Packets sent right after the namespace connect is accepted; an unauthenticated connection closes after them.</param>
public sealed partial class SocketIoConnection(
    WebSocket socket, string? userId, string? sessionId, IReadOnlyList<ReadOnlyMemory<byte>> onConnect, SocketIoSettings settings,
    SocketIoHub hub, TimeProvider time, ILogger<SocketIoConnection> logger) : IDisposable
{
    private readonly Channel<ReadOnlyMemory<byte>> outbox = Channel.CreateBounded<ReadOnlyMemory<byte>>(
        new BoundedChannelOptions(settings.SendQueueLength) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource stop = new(Timeout.InfiniteTimeSpan, time);
    private readonly Lock gate = new();
    private WebSocketCloseStatus? closeStatus;
    private string closeReason = "";
    private TaskCompletionSource pong = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool connected;

    public string Id { get; } = NewId();

    public string? UserId => userId;

    public string? SessionId => sessionId;

    /// <summary>The API key it was opened with, so deleting the key can end it; null for sessions.</summary>
    public string? ApiKeyId { get; init; }

    /// <summary>Runs the connection until either side closes it, the client stops answering pings, or the request is aborted.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        if (!hub.Track(this))
        {
            Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, stop.Token);
        TrySend(SocketIoPackets.Open(new EngineIoOpen(
            Id, [], (int)settings.PingInterval.TotalMilliseconds, (int)settings.PingTimeout.TotalMilliseconds, SocketIoSettings.MaxPayloadBytes)));
        var receiving = ReceiveAsync(linked.Token);
        var sending = SendAsync(linked.Token);
        var heartbeat = HeartbeatAsync(linked.Token);
        await Ended(receiving);
        Close(WebSocketCloseStatus.NormalClosure, ""); // the client left: answer its close (nothing changes if we started it)
        await Ended(sending);
        await linked.CancelAsync();
        await Ended(heartbeat);
        hub.Leave(this);
    }

    /// <summary>Queues a packet. A client too slow to take its packets is disconnected, and false returned.</summary>
    public bool TrySend(ReadOnlyMemory<byte> packet)
    {
        if (outbox.Writer.TryWrite(packet))
        {
            return true;
        }
        if (closeStatus is null)
        {
            LogTooSlow(logger, Id, userId, settings.SendQueueLength);
            StopAfter(TimeSpan.Zero);
        }
        return false;
    }

    /// <summary>Sends what is already queued, then the websocket close; a client that takes longer than the grace period is cut off.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        lock (gate)
        {
            if (closeStatus is not null)
            {
                return;
            }
            closeStatus = status;
            closeReason = reason;
        }
        outbox.Writer.TryComplete();
        StopAfter(SocketIoSettings.CloseGrace);
    }

    public void Dispose() => stop.Dispose();

    /// <summary>Cuts the connection off after <paramref name="delay"/>; the hub may still hold a connection that just ended.</summary>
    private void StopAfter(TimeSpan delay)
    {
        try
        {
            stop.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task SendAsync(CancellationToken cancel)
    {
        await foreach (var packet in outbox.Reader.ReadAllAsync(cancel))
        {
            await socket.SendAsync(packet, WebSocketMessageType.Text, endOfMessage: true, cancel);
        }
        await socket.CloseOutputAsync(closeStatus ?? WebSocketCloseStatus.NormalClosure, closeReason, cancel);
    }

    private async Task ReceiveAsync(CancellationToken cancel)
    {
        var buffer = new byte[4096];
        var message = new ArrayBufferWriter<byte>();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), cancel);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
            if (result.MessageType == WebSocketMessageType.Binary || message.WrittenCount + result.Count > SocketIoSettings.MaxPayloadBytes)
            {
                Close(result.MessageType == WebSocketMessageType.Binary ? WebSocketCloseStatus.InvalidMessageType : WebSocketCloseStatus.MessageTooBig,
                    "only text packets up to maxPayload");
                message.ResetWrittenCount();
                continue;
            }
            message.Write(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage)
            {
                Handle(SocketIoPackets.Parse(Encoding.UTF8.GetString(message.WrittenSpan)));
                message.ResetWrittenCount();
            }
        }
    }

    private void Handle(IncomingPacket packet)
    {
        switch (packet.Kind)
        {
            case IncomingKind.Pong:
                Volatile.Read(ref pong).TrySetResult();
                break;
            case IncomingKind.Ping:
                TrySend(SocketIoPackets.Pong(packet.Data));
                break;
            case IncomingKind.NamespaceConnect:
                ConnectNamespace(packet.Namespace);
                break;
            case IncomingKind.Close or IncomingKind.NamespaceDisconnect:
                Close(WebSocketCloseStatus.NormalClosure, "");
                break;
            default:
                break; // client events, upgrade probes and noops: nothing PiVault acts on
        }
    }

    private void ConnectNamespace(string ns)
    {
        if (ns != SocketIoPackets.MainNamespace)
        {
            TrySend(SocketIoPackets.ConnectError(ns, "Invalid namespace"));
            return;
        }
        if (connected)
        {
            return;
        }
        connected = true;
        TrySend(SocketIoPackets.ConnectAck(NewId()));
        if (userId is not null)
        {
            hub.Join(this);
        }
        foreach (var packet in onConnect)
        {
            TrySend(packet);
        }
        if (userId is null)
        {
            Close(WebSocketCloseStatus.NormalClosure, "unauthorized");
        }
    }

    /// <summary>Engine.IO v4: the server pings, the client must pong within the timeout; the next ping follows an interval after.</summary>
    private async Task HeartbeatAsync(CancellationToken cancel)
    {
        while (true)
        {
            await Task.Delay(settings.PingInterval, time, cancel);
            var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref pong, answered);
            if (!TrySend(SocketIoPackets.Ping))
            {
                return;
            }
            try
            {
                await answered.Task.WaitAsync(settings.PingTimeout, time, cancel);
            }
            catch (TimeoutException)
            {
                LogPingTimeout(logger, Id, userId);
                Close(WebSocketCloseStatus.PolicyViolation, "ping timeout");
                return;
            }
            if (!connected)
            {
                Close(WebSocketCloseStatus.PolicyViolation, "no namespace connect");
                return;
            }
        }
    }

    /// <summary>Waits for a loop to end; a cancelled, aborted or already-closed socket is an ordinary end here.</summary>
    private static async Task Ended(Task loop)
    {
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException or ChannelClosedException)
        {
        }
    }

    private static string NewId() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    [LoggerMessage(Level = LogLevel.Warning, Message = "Websocket {ConnectionId} of user {UserId} fell {Packets} packets behind and was disconnected")]
    private static partial void LogTooSlow(ILogger logger, string connectionId, string? userId, int packets);

    [LoggerMessage(Level = LogLevel.Information, Message = "Websocket {ConnectionId} of user {UserId} did not answer a ping and was disconnected")]
    private static partial void LogPingTimeout(ILogger logger, string connectionId, string? userId);
}
