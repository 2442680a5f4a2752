using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Immich.Realtime;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The websocket's framing and lifetime, seen from a plain <see cref="ClientWebSocket"/> that speaks Engine.IO by hand:
/// the open packet, namespace connects, the heartbeat and its timeout, server shutdown, and a client too slow to read.
/// </summary>
public sealed class ImmichSocketLifetimeTests
{
    /// <summary>Pings come quickly; the timeout leaves room for a busy test machine to answer.</summary>
    private static readonly SocketIoSettings FastHeartbeat = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(1500), 8);

    [Fact]
    public async Task The_handshake_packets_are_engine_io_v4_and_a_client_that_stops_answering_pings_is_closed()
    {
        await using var server = await TestServer.StartAsync(o => o with { SocketIo = FastHeartbeat });
        var admin = await server.BootstrapAdminAsync();
        using var socket = await ConnectAsync(server, admin);

        var open = await ReceiveAsync(socket);
        Assert.StartsWith("0", open, StringComparison.Ordinal);
        var handshake = JsonDocument.Parse(open[1..]).RootElement;
        Assert.False(string.IsNullOrEmpty(handshake.GetProperty("sid").GetString()));
        Assert.Equal(0, handshake.GetProperty("upgrades").GetArrayLength());
        Assert.Equal((200, 1500, 1_000_000), (handshake.GetProperty("pingInterval").GetInt32(), handshake.GetProperty("pingTimeout").GetInt32(),
            handshake.GetProperty("maxPayload").GetInt32()));

        await SendAsync(socket, "40/admin,");
        Assert.Equal("44/admin,{\"message\":\"Invalid namespace\"}", await ReceiveAsync(socket));
        await SendAsync(socket, "40");
        Assert.StartsWith("40{\"sid\":\"", await ReceiveAsync(socket), StringComparison.Ordinal);
        Assert.StartsWith("42[\"on_server_version\",{\"major\":3", await ReceiveAsync(socket), StringComparison.Ordinal);

        // Answered pings keep it open well past interval + timeout...
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal("2", await ReceiveAsync(socket));
            await SendAsync(socket, "3");
        }
        // ...an unanswered one closes it.
        Assert.Equal("2", await ReceiveAsync(socket));
        var clock = Stopwatch.StartNew();
        var buffer = new byte[256];
        var closing = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "ping timeout"), (socket.CloseStatus, socket.CloseStatusDescription));
        Assert.InRange(clock.ElapsedMilliseconds, 0, 5000);
        await WaitUntilAsync(() => !Hub(server).HasListeners(admin.UserId));
    }

    [Fact]
    public async Task Stopping_the_server_closes_open_websockets_at_once()
    {
        var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var socket = await ConnectAsync(server, admin);
        await ReceiveAsync(socket);
        await SendAsync(socket, "40");
        await ReceiveAsync(socket);
        await ReceiveAsync(socket);

        var clock = Stopwatch.StartNew();
        var stopping = server.DisposeAsync().AsTask();
        var closing = await socket.ReceiveAsync(new byte[256], CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, closing.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await stopping.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.InRange(clock.ElapsedMilliseconds, 0, 10_000); // the host's own shutdown timeout would be 30 s
    }

    [Fact]
    public async Task A_client_that_does_not_read_is_disconnected_once_its_send_queue_is_full()
    {
        await using var server = await TestServer.StartAsync(o => o with { SocketIo = FastHeartbeat with { PingInterval = TimeSpan.FromMinutes(5) } });
        var admin = await server.BootstrapAdminAsync();
        using var socket = await ConnectAsync(server, admin);
        await ReceiveAsync(socket);
        await SendAsync(socket, "40");
        await WaitUntilAsync(() => Hub(server).HasListeners(admin.UserId));

        // From here on the client reads nothing: 1 MB packets fill the socket buffers, then the 8-packet queue.
        var big = Encoding.ASCII.GetBytes("42[\"filler\",\"" + new string('x', 1_000_000) + "\"]");
        for (var i = 0; i < 200 && Hub(server).HasListeners(admin.UserId); i++)
        {
            Hub(server).Emit(admin.UserId, big);
            await Task.Delay(10);
        }

        await WaitUntilAsync(() => !Hub(server).HasListeners(admin.UserId));
    }

    private static SocketIoHub Hub(TestServer server) => server.Services.GetRequiredService<SocketIoHub>();

    private static async Task<ClientWebSocket> ConnectAsync(TestServer server, Credential credential)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("x-immich-user-token", credential.Secret);
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/api/socket.io/", Query = "EIO=4&transport=websocket" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string packet) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(packet), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return text.ToString();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "the condition did not come true within 15 s");
            await Task.Delay(20);
        }
    }
}
