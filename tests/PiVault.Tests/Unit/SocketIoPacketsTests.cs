using System.Text;
using PiVault.Server.Json;
using PiVault.Server.Features.Immich.Realtime;

namespace PiVault.Tests.Unit;

/// <summary>The Engine.IO v4 / Socket.IO v5 text frames a client sends, and the ones the server writes.</summary>
public sealed class SocketIoPacketsTests
{
    [Theory]
    [InlineData("3", IncomingKind.Pong, "/", "")]
    [InlineData("2probe", IncomingKind.Ping, "/", "probe")]
    [InlineData("1", IncomingKind.Close, "/", "")]
    [InlineData("5", IncomingKind.Upgrade, "/", "")]
    [InlineData("6", IncomingKind.Noop, "/", "")]
    [InlineData("40", IncomingKind.NamespaceConnect, "/", "")]
    [InlineData("40{\"token\":\"x\"}", IncomingKind.NamespaceConnect, "/", "{\"token\":\"x\"}")]
    [InlineData("40/admin,", IncomingKind.NamespaceConnect, "/admin", "")]
    [InlineData("40/admin", IncomingKind.NamespaceConnect, "/admin", "")]
    [InlineData("41", IncomingKind.NamespaceDisconnect, "/", "")]
    [InlineData("42[\"hello\",1]", IncomingKind.Event, "/", "[\"hello\",1]")]
    [InlineData("42/chat,7[\"hi\"]", IncomingKind.Event, "/chat", "7[\"hi\"]")]
    [InlineData("43[1]", IncomingKind.Unknown, "/", "[1]")]
    [InlineData("451-[\"bin\",{\"_placeholder\":true,\"num\":0}]", IncomingKind.Unknown, "/", "1-[\"bin\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("4", IncomingKind.Unknown, "/", "")]
    [InlineData("", IncomingKind.Unknown, "/", "")]
    [InlineData("x", IncomingKind.Unknown, "/", "")]
    public void Client_frames_are_classified(string frame, IncomingKind kind, string ns, string data) =>
        Assert.Equal(new IncomingPacket(kind, ns, data), SocketIoPackets.Parse(frame));

    [Fact]
    public void Server_frames_carry_the_type_digits_and_json()
    {
        Assert.Equal("0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}",
            Text(SocketIoPackets.Open(new EngineIoOpen("abc", [], 25000, 20000, 1_000_000))));
        Assert.Equal("40{\"sid\":\"s1\"}", Text(SocketIoPackets.ConnectAck("s1")));
        Assert.Equal("44{\"message\":\"no\"}", Text(SocketIoPackets.ConnectError("/", "no")));
        Assert.Equal("44/admin,{\"message\":\"Invalid namespace\"}", Text(SocketIoPackets.ConnectError("/admin", "Invalid namespace")));
        Assert.Equal("42[\"on_asset_trash\",[\"a\",\"b\"]]", Text(SocketIoPackets.Event("on_asset_trash", new[] { "a", "b" }, PiVaultJsonContext.Default.StringArray)));
        Assert.Equal("32", Text(SocketIoPackets.Pong("2")));
        Assert.Equal(("2", "41"), (Text(SocketIoPackets.Ping), Text(SocketIoPackets.Disconnect)));
    }

    private static string Text(ReadOnlyMemory<byte> packet) => Encoding.UTF8.GetString(packet.Span);
}
