using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

public sealed class UploadTests : IAsyncLifetime
{
    private TestServer server = null!;
    private Credential admin = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(o => o with { MaxUploadBytes = 4 * 1024 * 1024 });
        admin = await server.BootstrapAdminAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_real_photo_is_stored_under_owner_year_month_and_downloads_byte_for_byte()
    {
        var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Landscape_6.jpg"));
        using var client = server.Client(admin);
        var (status, id, result) = await client.UploadAsync(photo, "Landscape_6.jpg", new Dictionary<string, string>
        {
            ["fileCreatedAt"] = "2023-07-14T09:30:00Z",
            ["fileModifiedAt"] = "2023-07-15T10:00:00Z",
            ["deviceAssetId"] = "phone-asset-1",
            ["deviceId"] = "phone",
        });
        Assert.Equal((HttpStatusCode.Created, "created"), (status, result));

        var stored = Assert.Single(server.LibraryFiles());
        Assert.Equal(Path.Combine(server.Options.LibraryDir, admin.UserId, "2023", "07", "Landscape_6.jpg"), stored);
        Assert.Equal(photo, await File.ReadAllBytesAsync(stored));
        Assert.Empty(Directory.EnumerateFiles(server.LibraryTempDir));

        var info = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}");
        Assert.Equal("image", info.GetProperty("type").GetString());
        Assert.Equal("image/jpeg", info.GetProperty("mimeType").GetString());
        Assert.Equal(photo.Length, info.GetProperty("fileSize").GetInt64());
        Assert.Equal(Convert.ToBase64String(SHA1.HashData(photo)), info.GetProperty("checksum").GetString());
        Assert.Equal("phone-asset-1", info.GetProperty("deviceAssetId").GetString());
        Assert.Equal(DateTimeOffset.Parse("2023-07-14T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture), info.GetProperty("takenAt").GetDateTimeOffset());

        var original = await client.GetAsync($"/api/v1/assets/{id}/original");
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal("image/jpeg", original.Content.Headers.ContentType?.MediaType);
        Assert.Equal(photo, await original.Content.ReadAsByteArrayAsync());
        Assert.NotNull(original.Headers.ETag);
    }

    [Fact]
    public async Task Range_requests_return_exactly_the_asked_bytes()
    {
        var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Portrait_3.jpg"));
        using var client = server.Client(admin);
        var (_, id, _) = await client.UploadAsync(photo, "Portrait_3.jpg");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{id}/original");
        request.Headers.Range = new RangeHeaderValue(100, 1099);
        var partial = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(photo[100..1100], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal(photo.Length, partial.Content.Headers.ContentRange?.Length);

        using var tail = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{id}/original");
        tail.Headers.Range = new RangeHeaderValue(null, 10);
        Assert.Equal(photo[^10..], await (await client.SendAsync(tail)).Content.ReadAsByteArrayAsync());

        using var beyond = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{id}/original");
        beyond.Headers.Range = new RangeHeaderValue(photo.Length + 10, photo.Length + 20);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await client.SendAsync(beyond)).StatusCode);

        var download = await client.GetAsync($"/api/v1/assets/{id}/original?download=true");
        Assert.Equal("Portrait_3.jpg", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task The_same_bytes_again_are_a_duplicate_with_the_existing_id_and_nothing_is_stored_twice()
    {
        var bytes = Uploads.RandomBytes(50_000, 7);
        using var client = server.Client(admin);
        var first = await client.UploadAsync(bytes, "one.jpg");
        var second = await client.UploadAsync(bytes, "renamed copy.jpg");
        Assert.Equal((HttpStatusCode.Created, "created"), (first.Status, first.Result));
        Assert.Equal((HttpStatusCode.OK, "duplicate", first.Id), (second.Status, second.Result, second.Id));
        Assert.Single(server.LibraryFiles());
        Assert.Empty(Directory.EnumerateFiles(server.LibraryTempDir));
    }

    [Fact]
    public async Task Different_files_with_the_same_name_get_unique_names_on_disk()
    {
        using var client = server.Client(admin);
        var fields = new Dictionary<string, string> { ["fileCreatedAt"] = "2024-01-02T12:00:00Z" };
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(Uploads.RandomBytes(1000, 100 + i), "IMG_0001.JPG", fields)).Status);
        }
        var names = server.LibraryFiles().Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["IMG_0001+1.JPG", "IMG_0001+2.JPG", "IMG_0001.JPG"], names);
    }

    [Fact]
    public async Task File_names_cannot_escape_the_library()
    {
        using var client = server.Client(admin);
        var (status, id, _) = await client.UploadAsync(Uploads.RandomBytes(1000, 3), "../../../etc/passwd.jpg");
        Assert.Equal(HttpStatusCode.Created, status);
        var stored = Assert.Single(server.LibraryFiles());
        Assert.StartsWith(Path.Combine(server.Options.LibraryDir, admin.UserId), stored, StringComparison.Ordinal);
        Assert.Equal("passwd.jpg", Path.GetFileName(stored));
        Assert.Equal("passwd.jpg", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}")).GetProperty("originalFileName").GetString());
    }

    [Theory]
    [InlineData("exif-py/test_video.mp4", "video", "video/mp4")]
    [InlineData("exif-samples/heic/IMG_5195.HEIC", "image", "image/heic")]
    [InlineData("exiftool-t-images/DNG.dng", "image", "image/x-adobe-dng")]
    [InlineData("derived-corrupt/png-named-as.jpg", "image", "image/png")]
    public async Task The_type_comes_from_the_content_refined_by_the_name(string corpusPath, string type, string mime)
    {
        using var client = server.Client(admin);
        var (status, id, _) = await client.UploadAsync(await File.ReadAllBytesAsync(Uploads.CorpusFile(corpusPath)), Path.GetFileName(corpusPath));
        Assert.Equal(HttpStatusCode.Created, status);
        var info = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}");
        Assert.Equal((type, mime), (info.GetProperty("type").GetString(), info.GetProperty("mimeType").GetString()));
    }

    [Fact]
    public async Task Content_that_is_no_known_media_is_refused_whatever_its_name()
    {
        using var client = server.Client(admin);
        using var response = await client.PostAsync("/api/v1/assets", Uploads.Form(Encoding.UTF8.GetBytes("just some text that is not a known format"), "notes.jpg"));
        Assert.Contains("named .jpg but its bytes are not a JPEG", await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);
        Assert.Empty(server.LibraryFiles());
    }

    [Fact]
    public async Task Listing_is_paged_newest_first_by_capture_time()
    {
        using var client = server.Client(admin);
        var ids = new List<string>();
        for (var day = 1; day <= 5; day++)
        {
            var fields = new Dictionary<string, string> { ["fileCreatedAt"] = $"2024-03-0{day}T08:00:00Z" };
            ids.Add((await client.UploadAsync(Uploads.RandomBytes(500, day), $"d{day}.jpg", fields)).Id);
        }
        var page1 = await client.GetFromJsonAsync<JsonElement>("/api/v1/assets?page=1&size=2");
        var page3 = await client.GetFromJsonAsync<JsonElement>("/api/v1/assets?page=3&size=2");
        Assert.Equal(5, page1.GetProperty("total").GetInt64());
        Assert.Equal([ids[4], ids[3]], page1.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray());
        Assert.Equal(2, page1.GetProperty("nextPage").GetInt32());
        Assert.Equal([ids[0]], page3.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray());
        Assert.Equal(JsonValueKind.Null, page3.GetProperty("nextPage").ValueKind);
        await (await client.GetAsync("/api/v1/assets?size=5000")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
