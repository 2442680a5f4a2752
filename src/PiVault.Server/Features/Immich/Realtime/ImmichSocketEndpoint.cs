using PiVault.Server.Configuration;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Immich;
using PiVault.Server.Http;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich.Realtime;

/// <summary>
/// Immich's real-time channel: Socket.IO (Engine.IO v4) at <c>/api/socket.io</c>, websocket transport only, as the Immich
/// server offers it. The handshake request is authenticated like any HTTP request (<see cref="CallerMiddleware"/>);
/// without a valid credential the client is told <c>error: "unauthorized"</c> and disconnected, as Immich does.
/// </summary>
public static class ImmichSocketEndpoint
{
    /// <summary>Under the <c>/api</c> group: <c>/api/socket.io</c>.</summary>
    public static RouteGroupBuilder MapImmichSocket(this RouteGroupBuilder api)
    {
        api.Map("/socket.io", ConnectAsync);
        return api;
    }

    private static readonly ReadOnlyMemory<byte>[] Unauthorized =
        [SocketIoPackets.Event("error", "unauthorized", PiVaultJsonContext.Default.String), SocketIoPackets.Disconnect];

    private static readonly ReadOnlyMemory<byte>[] Welcome =
        [SocketIoPackets.Event("on_server_version", ImmichEndpoints.Version, PiVaultJsonContext.Default.ImmichVersionDto)];

    /// <summary>Polling (or an old protocol, or a plain GET) gets a 400 that names what to do: the clients then use the websocket.</summary>
    private static async Task ConnectAsync(HttpContext http, SocketIoHub hub, PiVaultOptions options, TimeProvider time, ILogger<SocketIoConnection> logger)
    {
        var query = http.Request.Query;
        if (query["EIO"] != "4")
        {
            throw ApiException.BadRequest("Unsupported protocol version: this server speaks Engine.IO 4 (Socket.IO 3 or later clients), send EIO=4.");
        }
        if (query["transport"] != "websocket")
        {
            throw ApiException.BadRequest("Transport unknown: this server offers only the websocket transport, as Immich does; connect with transports: ['websocket'].");
        }
        if (query.ContainsKey("sid"))
        {
            throw ApiException.BadRequest("Session ID unknown: there are no polling sessions to upgrade; open a new websocket without sid.");
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest("Bad handshake method: open this URL as a websocket (GET with Upgrade: websocket).");
        }
        var caller = http.FindCaller();
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var connection = new SocketIoConnection(
            socket, caller?.UserId, caller?.Kind == CredentialKind.Session ? caller.CredentialId : null, caller is null ? Unauthorized : Welcome,
            options.SocketIo, hub, time, logger)
        {
            ApiKeyId = caller?.Kind == CredentialKind.ApiKey ? caller.CredentialId : null,
        };
        await connection.RunAsync(http.RequestAborted);
    }
}
