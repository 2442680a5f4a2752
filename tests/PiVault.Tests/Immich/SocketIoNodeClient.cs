using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;

namespace PiVault.Tests.Immich;

/// <summary>
/// The real <c>socket.io-client</c> (deps/node_modules) on Node 22, driven by <c>scripts/socket-client.cjs</c>: every
/// event it sees arrives here as a JSON line. Disposing closes its standard input, which closes the socket.
/// </summary>
public sealed class SocketIoNodeClient : IAsyncDisposable
{
    private static readonly string Script = Path.Combine(Infrastructure.Uploads.RepoRoot, "tests", "PiVault.Tests", "Immich", "scripts", "socket-client.cjs");

    private readonly Process process;
    private readonly Channel<JsonElement> lines = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> seen = [];

    private SocketIoNodeClient(Process process)
    {
        this.process = process;
        _ = Task.Run(PumpAsync);
    }

    /// <summary>Every line read so far by <see cref="WaitForAsync"/>, in order.</summary>
    public IReadOnlyList<JsonElement> Seen => seen;

    public static SocketIoNodeClient Start(Uri server, IDictionary<string, string>? headers = null, string[]? transports = null, bool tryAllTransports = false)
    {
        var node = Path.Combine(ImmichCli.NodeBinDir, "node");
        Assert.True(File.Exists(node), $"Node 22 is not installed at {node}: run scripts/install-deps.sh");
        var options = JsonSerializer.Serialize(new
        {
            url = server.GetLeftPart(UriPartial.Authority),
            headers = headers ?? new Dictionary<string, string>(),
            transports = transports ?? ["websocket"],
            tryAllTransports,
        });
        var start = new ProcessStartInfo(node) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(options);
        start.Environment["NODE_PATH"] = ImmichCli.Modules;
        return new SocketIoNodeClient(Process.Start(start)!);
    }

    /// <summary>Reads lines until one is <paramref name="eventName"/> (and matches); returns it. Fails after the timeout.</summary>
    public async Task<JsonElement> WaitForAsync(string eventName, Func<JsonElement, bool>? match = null, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            while (true)
            {
                var line = await lines.Reader.ReadAsync(timeout.Token);
                seen.Add(line);
                if (line.GetProperty("event").GetString() == eventName && (match is null || match(line)))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            var errors = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
            Assert.Fail($"no \"{eventName}\" within {seconds} s; seen: {string.Join("\n", seen)}\n{errors}");
            throw;
        }
    }

    /// <summary>The first argument of an event line (Socket.IO events carry their payload as args[0]).</summary>
    public static JsonElement Payload(JsonElement line) => line.GetProperty("args")[0];

    private async Task PumpAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Writer.TryWrite(JsonDocument.Parse(line).RootElement.Clone());
        }
        lines.Writer.TryComplete();
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
        process.Dispose();
    }
}
