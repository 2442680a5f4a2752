using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// <c>x-immich-checksum</c> on <c>POST /api/assets</c>: a checksum the caller already owns is answered 200 duplicate before
/// the body is read; an unknown or wrong one changes nothing (the bytes are stored under their real SHA-1); a malformed one is a 400.
/// </summary>
public sealed class ImmichChecksumHeaderTests : ServerWithAdmin
{
    [Fact]
    public async Task A_known_checksum_in_hex_or_base64_is_answered_duplicate()
    {
        using var client = Server.Client(Admin);
        var photo = Uploads.RandomBytes(5000, 1);
        var id = await UploadAsync(client, photo, null, HttpStatusCode.Created);
        var sha1 = SHA1.HashData(photo);

        Assert.Equal(id, await UploadAsync(client, photo, Convert.ToHexString(sha1).ToLowerInvariant(), HttpStatusCode.OK));
        Assert.Equal(id, await UploadAsync(client, photo, Convert.ToBase64String(sha1), HttpStatusCode.OK));
        Assert.Single(Server.LibraryFiles());
    }

    [Fact]
    public async Task A_checksum_that_does_not_match_the_bytes_stores_them_under_their_real_checksum()
    {
        using var client = Server.Client(Admin);
        var photo = Uploads.RandomBytes(5000, 2);
        var claimed = Convert.ToBase64String(SHA1.HashData(Uploads.RandomBytes(5000, 3)));

        var id = await UploadAsync(client, photo, claimed, HttpStatusCode.Created);

        var stored = await client.GetFromJsonAsync<JsonElement>($"/api/assets/{id}");
        Assert.Equal(Convert.ToBase64String(SHA1.HashData(photo)), stored.GetProperty("checksum").GetString());
        Assert.Equal(photo, await client.GetByteArrayAsync($"/api/assets/{id}/original"));
        // The real bytes dedupe as usual, whatever the header says.
        Assert.Equal(id, await UploadAsync(client, photo, claimed, HttpStatusCode.OK));
    }

    [Fact]
    public async Task Another_users_checksum_is_no_duplicate_for_the_caller()
    {
        using var adminClient = Server.Client(Admin);
        var photo = Uploads.RandomBytes(5000, 4);
        var adminsId = await UploadAsync(adminClient, photo, null, HttpStatusCode.Created);
        using var other = Server.Client(await Server.CreateUserAsync(Admin, "other@example.com"));

        var othersId = await UploadAsync(other, photo, Convert.ToBase64String(SHA1.HashData(photo)), HttpStatusCode.Created);

        Assert.NotEqual(adminsId, othersId);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz9af9b5f5a0b6e6f1c1e0a6f0f6c6b7d2c2b8a1")]
    [InlineData("not base64 but 28 chars long")]
    public async Task A_malformed_checksum_is_a_400_and_stores_nothing(string header)
    {
        using var client = Server.Client(Admin);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/assets") { Content = Uploads.Form(Uploads.RandomBytes(5000, 5), "a.jpg", partName: "assetData") };
        request.Headers.Add("x-immich-checksum", header);

        var message = await (await client.SendAsync(request)).AssertImmichErrorAsync(HttpStatusCode.BadRequest);

        Assert.Contains("SHA-1", message, StringComparison.Ordinal);
        Assert.Empty(Server.LibraryFiles());
    }

    [Fact]
    public async Task The_duplicate_answer_comes_before_a_large_body_is_sent()
    {
        using var client = Server.Client(Admin);
        var photo = Uploads.RandomBytes(5000, 6);
        var id = await UploadAsync(client, photo, null, HttpStatusCode.Created);

        // Announce 4 GiB but send only the first 64 KiB: the answer must come without the rest.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Server.BaseAddress.Host, Server.BaseAddress.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/assets HTTP/1.1\r\nHost: {Server.BaseAddress.Authority}\r\nAuthorization: Bearer {Admin.Secret}\r\n" +
            $"x-immich-checksum: {Convert.ToBase64String(SHA1.HashData(photo))}\r\nContent-Type: multipart/form-data; boundary=b\r\n" +
            "Content-Length: 4294967296\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"assetData\"; filename=\"big.jpg\"\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(Uploads.RandomBytes(64 * 1024, 7));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var (status, text) = await ReadResponseAsync(stream, timeout.Token);
        Assert.StartsWith("HTTP/1.1 200", status, StringComparison.Ordinal);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((id, "duplicate"), (body.GetProperty("id").GetString(), body.GetProperty("status").GetString()));
        Assert.True(!Directory.Exists(Server.LibraryTempDir) || Directory.GetFiles(Server.LibraryTempDir).Length == 0);
    }

    private static async Task<string> UploadAsync(HttpClient client, byte[] bytes, string? checksumHeader, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/assets") { Content = Uploads.Form(bytes, "photo.jpg", partName: "assetData") };
        if (checksumHeader is not null)
        {
            request.Headers.Add("x-immich-checksum", checksumHeader);
        }
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {body}");
        ImmichSchema.Instance.AssertValid(body, "AssetMediaResponseDto");
        Assert.Equal(expected == HttpStatusCode.OK ? "duplicate" : "created", body.GetProperty("status").GetString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Reads one HTTP/1.1 response from a raw stream; returns its status line and its body (de-chunked).</summary>
    private static async Task<(string Status, string Body)> ReadResponseAsync(NetworkStream stream, CancellationToken cancel)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancel);
            Assert.True(read > 0, "the server closed the connection without answering");
            received.AddRange(buffer.AsSpan(0, read));
            var text = Encoding.UTF8.GetString([.. received]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }
            var headers = text[..end].Split("\r\n");
            var body = text[(end + 4)..];
            var length = headers.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            if (length is not null && body.Length >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            {
                return (headers[0], body);
            }
            if (length is null && body.EndsWith("0\r\n\r\n", StringComparison.Ordinal))
            {
                return (headers[0], Dechunk(body));
            }
        }
    }

    private static string Dechunk(string chunked)
    {
        var result = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0)
            {
                return result.ToString();
            }
            result.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
