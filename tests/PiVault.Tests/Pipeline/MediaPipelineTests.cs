using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Pipeline;

/// <summary>Upload → metadata → thumbnails through the real server, real libvips, real ffmpeg, on real corpus files.</summary>
public sealed class MediaPipelineTests : IClassFixture<MediaPipelineTests.ProcessedUploads>
{
    private readonly ProcessedUploads world;

    public MediaPipelineTests(ProcessedUploads world) => this.world = world;

    [Fact]
    public async Task A_camera_jpeg_gets_its_date_place_size_thumbnail_and_preview()
    {
        using var client = world.Server.Client(world.Owner);
        var id = world.Ids["exif-samples/jpg/gps/DSCN0012.jpg"];
        var asset = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}");
        Assert.True(asset.GetProperty("hasThumbnail").GetBoolean());
        Assert.Equal((640, 480), (asset.GetProperty("width").GetInt32(), asset.GetProperty("height").GetInt32()));
        Assert.False(string.IsNullOrEmpty(asset.GetProperty("thumbHash").GetString()));
        // 16:29:49 on the camera's clock in Tuscany, where GPS puts the time zone at UTC+2 (summer time) that day.
        Assert.Equal(new DateTimeOffset(2008, 10, 22, 14, 29, 49, TimeSpan.Zero), asset.GetProperty("takenAt").GetDateTimeOffset());

        var metadata = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}/metadata");
        Assert.Equal(43.46716, metadata.GetProperty("latitude").GetDouble(), 4);
        Assert.Equal(11.88539, metadata.GetProperty("longitude").GetDouble(), 4);
        Assert.Equal("NIKON", metadata.GetProperty("make").GetString());
        Assert.False(string.IsNullOrEmpty(metadata.GetProperty("city").GetString()));
        Assert.Equal("exif", metadata.GetProperty("dateSource").GetString());
        Assert.Equal(("2008-10-22T16:29:49.000", 120), (metadata.GetProperty("takenLocal").GetString(), metadata.GetProperty("utcOffsetMinutes").GetInt32()));

        var thumbnail = await client.GetAsync($"/api/v1/assets/{id}/thumbnail");
        Assert.Equal("image/webp", thumbnail.Content.Headers.ContentType?.MediaType);
        var webp = await thumbnail.Content.ReadAsByteArrayAsync();
        Assert.Equal("WEBP", System.Text.Encoding.ASCII.GetString(webp, 8, 4));
        Assert.NotNull(thumbnail.Headers.ETag);
        var preview = await client.GetAsync($"/api/v1/assets/{id}/thumbnail?size=preview");
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType?.MediaType);
        Assert.Equal((byte)0xD8, (await preview.Content.ReadAsByteArrayAsync())[1]);
    }

    [Fact]
    public async Task A_rotated_heic_is_stored_with_its_displayed_size()
    {
        using var client = world.Server.Client(world.Owner);
        var asset = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{world.Ids["file-type/fixture-heic.heic"]}");
        Assert.True(asset.GetProperty("hasThumbnail").GetBoolean());
        Assert.Equal((3024, 4032), (asset.GetProperty("width").GetInt32(), asset.GetProperty("height").GetInt32()));
        Assert.Equal(new DateTime(2017, 6, 6, 17, 0, 2, 374), (await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{asset.GetProperty("id").GetString()}/metadata"))
            .GetProperty("takenLocal").GetDateTime());
    }

    [Fact]
    public async Task A_video_gets_a_poster_thumbnail_its_size_and_duration()
    {
        using var client = world.Server.Client(world.Owner);
        var asset = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{world.Ids["file-type/fixture-mjpeg.mov"]}");
        Assert.Equal("video", asset.GetProperty("type").GetString());
        Assert.True(asset.GetProperty("hasThumbnail").GetBoolean());
        Assert.Equal((640, 480), (asset.GetProperty("width").GetInt32(), asset.GetProperty("height").GetInt32()));
        Assert.Equal(1.5, asset.GetProperty("durationSeconds").GetDouble(), 1);
    }

    [Fact]
    public async Task A_corrupt_file_fails_its_job_with_a_readable_error_and_keeps_the_asset_and_original()
    {
        using var client = world.Server.Client(world.Owner);
        var id = world.Ids["derived-corrupt/jpeg-header-only-4k.jpg"];
        var thumbnail = await client.GetAsync($"/api/v1/assets/{id}/thumbnail");
        var detail = await thumbnail.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("No thumbnail can be made", detail, StringComparison.Ordinal);
        Assert.Contains("JPEG", detail, StringComparison.OrdinalIgnoreCase);

        var failed = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails/failed");
        Assert.Contains(failed.EnumerateArray(), f => f.GetProperty("assetId").GetString() == id && f.GetProperty("error").GetString()!.Length > 0);
        var original = await client.GetByteArrayAsync($"/api/v1/assets/{id}/original");
        Assert.Equal(await File.ReadAllBytesAsync(Uploads.CorpusFile("derived-corrupt/jpeg-header-only-4k.jpg")), original);
        Assert.False((await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}")).GetProperty("hasThumbnail").GetBoolean());
    }

    [Fact]
    public async Task A_raw_file_is_shown_through_its_embedded_preview()
    {
        using var client = world.Server.Client(world.Owner);
        var asset = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{world.Ids["file-type/fixture-sony-zv-e10.arw"]}");
        Assert.Equal("image/x-sony-arw", asset.GetProperty("mimeType").GetString());
        Assert.True(asset.GetProperty("hasThumbnail").GetBoolean());
        // The 160 × 120 preview turned by the RAW's orientation 6 (the camera was held upright).
        Assert.Equal((120, 160), (asset.GetProperty("width").GetInt32(), asset.GetProperty("height").GetInt32()));
    }

    [Fact]
    public async Task Nothing_is_left_queued_and_the_missing_counts_match_the_failures()
    {
        using var client = world.Server.Client(world.Owner);
        var queues = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        foreach (var queue in queues.EnumerateArray())
        {
            Assert.Equal(0, queue.GetProperty("pending").GetInt64() + queue.GetProperty("running").GetInt64() + queue.GetProperty("delayed").GetInt64());
        }
        var thumbnails = queues.EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "thumbnails");
        Assert.Equal(thumbnails.GetProperty("failed").GetInt64(), thumbnails.GetProperty("missing").GetInt64());
        Assert.Equal(0, queues.EnumerateArray().Single(q => q.GetProperty("queue").GetString() == "metadata").GetProperty("failed").GetInt64());
    }

    public sealed class ProcessedUploads : IAsyncLifetime
    {
        private static readonly string[] Files =
        [
            "exif-samples/jpg/gps/DSCN0012.jpg", "file-type/fixture-heic.heic", "file-type/fixture-mjpeg.mov",
            "derived-corrupt/jpeg-header-only-4k.jpg", "file-type/fixture-sony-zv-e10.arw", "exif-orientation-examples/Portrait_6.jpg",
        ];

        public TestServer Server { get; private set; } = null!;
        public Credential Owner { get; private set; } = null!;
        public Dictionary<string, string> Ids { get; } = [];

        public async Task InitializeAsync()
        {
            Server = await TestServer.StartAsync();
            Owner = await Server.BootstrapAdminAsync();
            using var client = Server.Client(Owner);
            foreach (var file in Files)
            {
                var (status, id, body) = await client.UploadAsync(await File.ReadAllBytesAsync(Uploads.CorpusFile(file)), Path.GetFileName(file));
                Assert.True(status == HttpStatusCode.Created, body);
                Ids[file] = id;
            }
            await Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(3));
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}

public static class Pipeline
{
    /// <summary>Polls the admin queue API until no job is pending, delayed or running.</summary>
    public static async Task WaitUntilIdleAsync(HttpClient admin, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var queues = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
            if (queues.EnumerateArray().All(q => q.GetProperty("pending").GetInt64() + q.GetProperty("running").GetInt64() + q.GetProperty("delayed").GetInt64() == 0))
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the pipeline did not finish within {limit}: {queues}");
            await Task.Delay(100);
        }
    }
}
