using System.Net;
using System.Net.Sockets;
using System.Text;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>Uploads cut off mid-body — by the client going away or by the server being killed — leave no trace.</summary>
public sealed class InterruptedUploadTests
{
    private const int AnnouncedFileBytes = 20 * 1024 * 1024;

    [Fact]
    public async Task A_client_that_disconnects_mid_body_leaves_no_temp_or_partial_file()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();

        using (var socket = await StartUploadAsync(server.BaseAddress, admin.Secret, sendBytes: 4 * 1024 * 1024))
        {
            // The server streams to disk: a temp file holding part of the body exists before the body ends.
            await WaitUntilAsync(() => Directory.EnumerateFiles(server.LibraryTempDir).Any(f => new FileInfo(f).Length > 0));
            socket.LingerState = new LingerOption(true, 0); // RST, like a phone leaving Wi-Fi range
        }

        await WaitUntilAsync(() => !Directory.EnumerateFiles(server.LibraryTempDir).Any());
        Assert.Empty(server.LibraryFiles());
        using var client = server.Client(admin);
        Assert.Contains("\"total\":0", await client.GetStringAsync("/api/v1/assets"), StringComparison.Ordinal);

        // The server is healthy afterwards and takes the same file whole.
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(Uploads.RandomBytes(1000, 1), "after.jpg")).Status);
    }

    [Fact]
    public async Task A_server_killed_mid_upload_removes_the_partial_temp_file_at_the_next_start()
    {
        var dataDir = TempDir.Create();
        try
        {
            string token;
            await using (var first = await ServerProcess.StartAsync(dataDir))
            {
                token = await first.BootstrapAdminAsync();
                using var socket = await StartUploadAsync(first.BaseAddress, token, sendBytes: 3 * 1024 * 1024);
                var tempDir = Path.Combine(dataDir, "library", ".tmp");
                await WaitUntilAsync(() => Directory.EnumerateFiles(tempDir).Any(f => new FileInfo(f).Length > 0));
                first.KillHard(); // SIGKILL: no cleanup code runs
            }
            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(dataDir, "library", ".tmp")));

            await using (var second = await ServerProcess.StartAsync(dataDir))
            {
                Assert.Empty(Directory.EnumerateFiles(Path.Combine(dataDir, "library", ".tmp")));
                Assert.Contains("Removed 1 temp files left by interrupted uploads", second.Output, StringComparison.Ordinal);
                using var client = new HttpClient { BaseAddress = second.BaseAddress };
                client.DefaultRequestHeaders.Authorization = new("Bearer", token);
                Assert.Contains("\"total\":0", await client.GetStringAsync("/api/v1/assets"), StringComparison.Ordinal);
            }
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(dataDir, "library"), "*", SearchOption.AllDirectories));
            var (exitCode, report) = await ServerProcess.RunAsync("db", "check", "--data-dir", dataDir);
            Assert.True(exitCode == 0, report);
        }
        finally
        {
            TempDir.Delete(dataDir);
        }
    }

    /// <summary>Sends the request head and the first <paramref name="sendBytes"/> of a much larger announced multipart body.</summary>
    private static async Task<Socket> StartUploadAsync(Uri server, string token, int sendBytes)
    {
        const string boundary = "cut-off-boundary";
        var preamble = Encoding.ASCII.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n");
        var epilogue = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        var head = Encoding.ASCII.GetBytes(
            $"POST /api/v1/assets HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {token}\r\n" +
            $"Content-Type: multipart/form-data; boundary={boundary}\r\n" +
            $"Content-Length: {preamble.Length + AnnouncedFileBytes + epilogue.Length}\r\n\r\n");
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, server.Port);
        await socket.SendAsync(head);
        await socket.SendAsync(preamble);
        await socket.SendAsync(Uploads.RandomBytes(sendBytes, 99));
        return socket;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 20 s");
            await Task.Delay(50);
        }
    }
}
