using System.Net.WebSockets;

namespace PiVault.Server.Features.Immich.Realtime;

/// <summary>
/// Every open Socket.IO connection, and the rooms they joined: one per user id. Emitting to a user with no connection
/// is one dictionary lookup. At shutdown every connection is closed, so the host never waits on an idle websocket.
/// </summary>
public sealed class SocketIoHub
{
    private readonly Lock gate = new();
    private readonly HashSet<SocketIoConnection> open = [];
    private readonly Dictionary<string, List<SocketIoConnection>> rooms = new(StringComparer.Ordinal);
    private bool stopping;

    public SocketIoHub(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(CloseAll);

    /// <summary>Counts a new connection in; false once the server is shutting down.</summary>
    public bool Track(SocketIoConnection connection)
    {
        lock (gate)
        {
            return !stopping && open.Add(connection);
        }
    }

    /// <summary>Puts an authenticated connection in its user's room.</summary>
    public void Join(SocketIoConnection connection)
    {
        lock (gate)
        {
            if (!rooms.TryGetValue(connection.UserId!, out var room))
            {
                rooms[connection.UserId!] = room = [];
            }
            room.Add(connection);
        }
    }

    public void Leave(SocketIoConnection connection)
    {
        lock (gate)
        {
            open.Remove(connection);
            if (connection.UserId is { } user && rooms.TryGetValue(user, out var room) && room.Remove(connection) && room.Count == 0)
            {
                rooms.Remove(user);
            }
        }
    }

    public bool HasListeners(string userId)
    {
        lock (gate)
        {
            return rooms.ContainsKey(userId);
        }
    }

    /// <summary>Queues one encoded packet for every connection of the user (a slow one is dropped, the others go on).</summary>
    public void Emit(string userId, ReadOnlyMemory<byte> packet)
    {
        foreach (var connection in Room(userId))
        {
            connection.TrySend(packet);
        }
    }

    /// <summary>Connections of ended sessions are told so (Socket.IO disconnect: clients do not reconnect) and closed.</summary>
    public void CloseSessions(Func<SocketIoConnection, bool> ended)
    {
        foreach (var connection in Snapshot(ended))
        {
            connection.TrySend(SocketIoPackets.Disconnect);
            connection.Close(WebSocketCloseStatus.NormalClosure, "logged out");
        }
    }

    private void CloseAll()
    {
        lock (gate)
        {
            stopping = true;
        }
        foreach (var connection in Snapshot(_ => true))
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
        }
    }

    private SocketIoConnection[] Room(string userId)
    {
        lock (gate)
        {
            return rooms.TryGetValue(userId, out var room) ? [.. room] : [];
        }
    }

    private SocketIoConnection[] Snapshot(Func<SocketIoConnection, bool> match)
    {
        lock (gate)
        {
            return [.. open.Where(match)];
        }
    }
}
