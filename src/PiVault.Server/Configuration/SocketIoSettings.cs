namespace PiVault.Server.Configuration;

/// <summary>
/// Heartbeat and limits of the Socket.IO endpoint. The defaults are Socket.IO's own (and so Immich's): a ping every 25 s,
/// 20 s to answer it, 1 MB per client packet. <paramref name="SendQueueLength"/> bounds each connection's outbox: a client
/// that falls that many packets behind is disconnected (it re-syncs when it reconnects) instead of growing memory.
/// </summary>
public sealed record SocketIoSettings(TimeSpan PingInterval, TimeSpan PingTimeout, int SendQueueLength)
{
    public const int MaxPayloadBytes = 1_000_000;

    public static SocketIoSettings Default { get; } = new(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(20), 256);

    /// <summary>How long a closing connection may take to hand over what is queued and answer the close.</summary>
    public static TimeSpan CloseGrace { get; } = TimeSpan.FromSeconds(2);
}
