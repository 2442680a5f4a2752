using System.Net;
using System.Net.Http.Headers;
using System.Text;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>Every refused upload answers with a clear problem body and leaves nothing behind: no file, no temp file, no row.</summary>
public sealed class UploadErrorTests : IAsyncLifetime
{
    private const int Limit = 1024 * 1024;
    private TestServer server = null!;
    private Credential admin = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(o => o with { MaxUploadBytes = Limit });
        admin = await server.BootstrapAdminAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task No_credentials_get_401()
    {
        using var anonymous = server.Client();
        using var form = Uploads.Form(Uploads.RandomBytes(100, 1), "a.jpg");
        Assert.Contains("Authentication required", await (await anonymous.PostAsync("/api/v1/assets", form)).AssertProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_json_body_instead_of_multipart_gets_400()
    {
        using var client = server.Client(admin);
        var response = await client.PostAsync("/api/v1/assets", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Contains("multipart/form-data", await response.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_multipart_body_that_breaks_off_gets_400()
    {
        using var client = server.Client(admin);
        var body = "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n" + new string('x', 5000);
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=XYZ");
        var response = await client.PostAsync("/api/v1/assets", content);
        Assert.Contains("malformed", await response.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_multipart_body_without_boundary_gets_400()
    {
        using var client = server.Client(admin);
        var content = new ByteArrayContent(Uploads.RandomBytes(100, 2));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data");
        Assert.Contains("boundary", await (await client.PostAsync("/api/v1/assets", content)).AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_without_a_file_part_gets_400()
    {
        using var client = server.Client(admin);
        using var form = new MultipartFormDataContent { { new StringContent("2024-01-01T00:00:00Z"), "fileCreatedAt" } };
        Assert.Contains("no file", await (await client.PostAsync("/api/v1/assets", form)).AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_empty_file_gets_400()
    {
        using var client = server.Client(admin);
        using var form = Uploads.Form([], "empty.jpg");
        Assert.Contains("empty", await (await client.PostAsync("/api/v1/assets", form)).AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_file_over_the_limit_gets_413_whether_or_not_the_length_is_announced()
    {
        using var client = server.Client(admin);
        using var announced = Uploads.Form(Uploads.RandomBytes(Limit + 1, 3), "big.jpg");
        await (await client.PostAsync("/api/v1/assets", announced)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        // Chunked: the server only finds out while streaming, after part of the file is on disk.
        using var chunked = Uploads.Form(Uploads.RandomBytes(Limit + 1, 4), "big.jpg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/assets") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();

        using var exactly = Uploads.Form(Uploads.RandomBytes(Limit, 5), "limit.jpg");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/assets", exactly)).StatusCode);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'M', (byte)'Z', 0x90, 0x00 }, "setup.exe", "Windows program")]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1 }, "photo.jpg", "Linux program")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1' }, "scan.pdf", "PDF")]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 20, 0 }, "archive.zip", "ZIP")]
    public async Task Content_that_is_certainly_not_media_gets_415(byte[] signature, string fileName, string expected)
    {
        using var client = server.Client(admin);
        var bytes = signature.Concat(Enumerable.Repeat((byte)0x41, 200)).ToArray();
        using var form = Uploads.Form(bytes, fileName);
        Assert.Contains(expected, await (await client.PostAsync("/api/v1/assets", form)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_invalid_date_field_gets_400()
    {
        using var client = server.Client(admin);
        var (status, _, body) = await client.UploadAsync(Uploads.RandomBytes(100, 9), "a.jpg", new Dictionary<string, string> { ["fileCreatedAt"] = "yesterday-ish" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("fileCreatedAt", body, StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Bad_asset_ids_and_unknown_routes_get_problem_bodies()
    {
        using var client = server.Client(admin);
        await (await client.GetAsync("/api/v1/assets/not-a-uuid")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync($"/api/v1/assets/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync("/api/v1/no-such-thing")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty(server.LibraryFiles());
        Assert.Empty(Directory.EnumerateFiles(server.LibraryTempDir));
        using var client = server.Client(admin);
        var page = await client.GetStringAsync("/api/v1/assets");
        Assert.Contains("\"total\":0", page, StringComparison.Ordinal);
    }
}
