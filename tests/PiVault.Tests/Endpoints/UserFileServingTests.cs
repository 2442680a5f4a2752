using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Media;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// The stored-XSS and download-restriction holes of issue 07, over real HTTP: every file PiVault serves carries
/// <c>nosniff</c> and a sandboxing CSP on all three APIs, only photo and video types are shown inline, script-capable
/// uploads are refused, and playback is for videos only and obeys the download rule (location checked with exiftool).
/// </summary>
public sealed class UserFileServingTests : IDisposable
{
    /// <summary>Written here from docs/security.md, not read from the product.</summary>
    private const string SandboxPolicy = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

    public const string SvgWithScript = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>document.title = 'PWNED';</script><rect width="10" height="10"/></svg>
        """;

    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public async Task Every_file_route_of_every_api_sends_nosniff_and_the_sandbox_policy()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        var (photo, h264, old) = await UploadMediaAsync(owner);
        var key = await CreateLinkAsync(owner, allowDownload: true, photo, h264, old);

        (string Path, string Type, bool Attachment)[] routes =
        [
            ($"/api/v1/assets/{photo}/original", "image/jpeg", false),
            ($"/api/v1/assets/{photo}/original?download=true", "image/jpeg", true),
            ($"/api/v1/assets/{photo}/thumbnail", "image/webp", false),
            ($"/api/v1/assets/{photo}/thumbnail?size=preview", "image/jpeg", false),
            ($"/api/v1/assets/{h264}/playback", "video/mp4", false),
            ($"/api/v1/assets/{old}/playback", "video/mp4", false),
            ($"/api/v1/assets/{old}/original", "video/quicktime", false),
            ($"/api/assets/{photo}/original", "image/jpeg", false),
            ($"/api/assets/{photo}/thumbnail", "image/webp", false),
            ($"/api/assets/{photo}/thumbnail?size=fullsize", "image/jpeg", false),
            ($"/api/assets/{h264}/video/playback", "video/mp4", false),
            ($"/api/assets/{old}/video/playback", "video/mp4", false),
            ($"/api/v1/shared/{key}/assets/{photo}/original", "image/jpeg", false),
            ($"/api/v1/shared/{key}/assets/{photo}/original?download=true", "image/jpeg", true),
            ($"/api/v1/shared/{key}/assets/{photo}/thumbnail", "image/webp", false),
            ($"/api/v1/shared/{key}/assets/{photo}/thumbnail?size=preview", "image/jpeg", false),
            ($"/api/v1/shared/{key}/assets/{h264}/playback", "video/mp4", false),
            ($"/api/v1/shared/{key}/assets/{old}/playback", "video/mp4", false),
        ];
        using var visitor = server.Client();
        foreach (var (path, type, attachment) in routes)
        {
            using var response = await (path.Contains("/shared/", StringComparison.Ordinal) ? visitor : owner).GetAsync(path);
            AssertServedSafely(response, path, type, attachment ? "attachment" : null);
        }

        // Partial answers (video seeking) and revalidations carry the headers too.
        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{h264}/playback") { Headers = { Range = new RangeHeaderValue(0, 99) } };
        using var partial = await owner.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        AssertServedSafely(partial, "range", "video/mp4", null);
        using var first = await owner.GetAsync($"/api/v1/assets/{photo}/original");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{photo}/original") { Headers = { IfNoneMatch = { first.Headers.ETag! } } };
        using var notModified = await owner.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(["nosniff"], notModified.Headers.GetValues("X-Content-Type-Options"));
    }

    [Fact]
    public async Task Files_an_older_server_stored_that_can_carry_script_are_served_only_as_attachments()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        var svg = Encoding.UTF8.GetBytes(SvgWithScript);
        var drawing = await OldServerRows.PlantAsync(server, owner, svg, "drawing.svg", "image/svg+xml", "image", seed: 1);
        var page = await OldServerRows.PlantAsync(server, owner, "<html><script>alert(1)</script></html>"u8.ToArray(), "page.html", "application/octet-stream", "other", seed: 2);
        var key = await CreateLinkAsync(owner, allowDownload: true, drawing, page);
        using var visitor = server.Client();

        foreach (var (id, name) in new[] { (drawing, "drawing.svg"), (page, "page.html") })
        {
            foreach (var path in new[] { $"/api/v1/assets/{id}/original", $"/api/assets/{id}/original", $"/api/v1/shared/{key}/assets/{id}/original" })
            {
                using var response = await (path.Contains("/shared/", StringComparison.Ordinal) ? visitor : owner).GetAsync(path);
                AssertServedSafely(response, path, "application/octet-stream", "attachment");
                Assert.Equal(name, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            }
        }
        // An SVG is no video: playback does not hand out its original either.
        Assert.Contains("not a video", await (await owner.GetAsync($"/api/v1/assets/{drawing}/playback")).AssertProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{drawing}/playback")).StatusCode);
    }

    [Fact]
    public async Task Svg_html_and_mislabelled_files_are_refused_at_upload_on_both_apis()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        var svg = Encoding.UTF8.GetBytes(SvgWithScript);
        var notJpeg = Uploads.RandomBytes(4000, 7);
        notJpeg[0] = 0x00; // random bytes, not a JPEG start

        (byte[] Bytes, string Name, string Expected)[] refused =
        [
            (svg, "drawing.svg", "SVG drawing"),
            (svg, "holiday.jpg", "SVG drawing"),
            ("<!DOCTYPE html><html><script>alert(1)</script></html>"u8.ToArray(), "page.jpg", "HTML page"),
            (notJpeg, "photo.jpg", "named .jpg but its bytes are not a JPEG"),
            (await File.ReadAllBytesAsync(Uploads.CorpusFile("derived-corrupt/text-named-as.jpg")), "text-named-as.jpg", "not a JPEG"),
            (notJpeg, "notes.bin", "match no photo or video format"),
        ];
        foreach (var (bytes, name, expected) in refused)
        {
            var pivault = await (await owner.PostAsync("/api/v1/assets", Uploads.Form(bytes, name))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
            Assert.Contains(expected, pivault, StringComparison.Ordinal);
            using var immich = await owner.PostAsync("/api/assets", Uploads.Form(bytes, name, partName: "assetData"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, immich.StatusCode);
            Assert.Contains(expected, (await immich.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.Empty(server.LibraryFiles());
        Assert.Contains("PiVault keeps photos and videos", await (await owner.PostAsync("/api/v1/assets", Uploads.Form(svg, "a.svg"))).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType), StringComparison.Ordinal);

        // The Immich CLI asks which extensions to send: no SVG there either.
        var mediaTypes = await owner.GetFromJsonAsync<JsonElement>("/api/server/media-types");
        Assert.DoesNotContain(".svg", mediaTypes.GetProperty("image").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Playback_is_for_videos_only_and_shows_no_location_to_those_who_may_not_download()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        var (photo, h264, old) = await UploadMediaAsync(owner);
        var photoBytes = await owner.GetByteArrayAsync($"/api/v1/assets/{photo}/original");
        Assert.NotEmpty(Location(photoBytes, "photo.jpg")); // the control: exiftool finds the place in the original
        Assert.NotEmpty(Location(await owner.GetByteArrayAsync($"/api/v1/assets/{h264}/original"), "phone.mp4"));
        Assert.NotEmpty(Location(await owner.GetByteArrayAsync($"/api/v1/assets/{old}/original"), "old.mov"));

        // Photos have no playback, on any API and for anyone.
        Assert.Contains("not a video", await (await owner.GetAsync($"/api/v1/assets/{photo}/playback")).AssertProblemAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/api/assets/{photo}/video/playback")).StatusCode);
        // The owner watches a video that plays as it is from its original.
        Assert.Equal(await owner.GetByteArrayAsync($"/api/v1/assets/{h264}/original"), await owner.GetByteArrayAsync($"/api/v1/assets/{h264}/playback"));

        // An API key that may view but not download: previews and playback copies, never an original.
        using var frame = server.Client(await server.CreateApiKeyAsync(admin, "asset.read", "asset.view"));
        await (await frame.GetAsync($"/api/v1/assets/{photo}/original")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await frame.GetAsync($"/api/v1/assets/{photo}/playback")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await frame.GetAsync($"/api/v1/assets/{h264}/playback")).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await frame.GetAsync($"/api/assets/{h264}/video/playback")).StatusCode);
        Assert.Empty(Location(await frame.GetByteArrayAsync($"/api/v1/assets/{old}/playback"), "copy.mp4"));
        Assert.Empty(Location(await frame.GetByteArrayAsync($"/api/assets/{old}/video/playback"), "copy.mp4"));
        Assert.Empty(Location(await frame.GetByteArrayAsync($"/api/v1/assets/{photo}/thumbnail?size=preview"), "preview.jpg"));

        // A link that forbids downloads: previews and thumbnails without location, playback copies without location, nothing else.
        var key = await CreateLinkAsync(owner, allowDownload: false, photo, h264, old);
        using var visitor = server.Client();
        var shared = $"/api/v1/shared/{key}/assets";
        await (await visitor.GetAsync($"{shared}/{photo}/original")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await visitor.GetAsync($"{shared}/{photo}/playback")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await visitor.GetAsync($"{shared}/{h264}/playback")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var preview = await visitor.GetByteArrayAsync($"{shared}/{photo}/thumbnail?size=preview");
        var thumbnail = await visitor.GetByteArrayAsync($"{shared}/{photo}/thumbnail");
        var copy = await visitor.GetByteArrayAsync($"{shared}/{old}/playback");
        Assert.Equal((0xFF, 0xD8), (preview[0], preview[1]));
        Assert.Equal("", Location(preview, "preview.jpg"));
        Assert.Equal("", Location(thumbnail, "thumbnail.webp"));
        Assert.Equal("", Location(copy, "copy.mp4"));
        Assert.Equal("", Exif(preview, "preview.jpg")); // no camera metadata at all, not only no place
    }

    /// <summary>A photo with GPS, an H.264 video with GPS that plays as it is, and an MPEG-4 Part 2 video with GPS that needs a playback copy.</summary>
    private async Task<(string Photo, string H264, string Old)> UploadMediaAsync(HttpClient owner)
    {
        var oldCamera = Path.Combine(dir, "old.mov");
        var (exit, _, errors) = FfmpegImageCheck.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", Uploads.CorpusFile("mei/mov/with-gps.mov"), "-t", "1",
            "-c:v", "mpeg4", "-q:v", "8", "-an", "-map_metadata", "0", "-movflags", "use_metadata_tags", oldCamera);
        Assert.True(exit == 0, errors);
        var (_, photo, _) = await owner.UploadAsync(await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg")), "photo.jpg");
        var (_, h264, _) = await owner.UploadAsync(await File.ReadAllBytesAsync(Uploads.CorpusFile("mei/mp4/with-gps.mp4")), "phone.mp4");
        var (_, old, _) = await owner.UploadAsync(await File.ReadAllBytesAsync(oldCamera), "old.mov");
        await Pipeline.Pipeline.WaitUntilIdleAsync(owner, TimeSpan.FromMinutes(5));
        return (photo, h264, old);
    }

    private static async Task<string> CreateLinkAsync(HttpClient owner, bool allowDownload, params string[] assetIds)
    {
        var response = await owner.PostAsJsonAsync("/api/v1/shared-links", new { type = "individual", assetIds, allowDownload });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    private static void AssertServedSafely(HttpResponseMessage response, string path, string contentType, string? disposition)
    {
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
        Assert.Equal((path, contentType), (path, response.Content.Headers.ContentType?.MediaType));
        Assert.Equal((path, "nosniff"), (path, string.Join(",", response.Headers.GetValues("X-Content-Type-Options"))));
        Assert.Equal((path, SandboxPolicy), (path, string.Join(",", response.Headers.GetValues("Content-Security-Policy"))));
        Assert.Equal((path, disposition), (path, response.Content.Headers.ContentDisposition?.DispositionType));
    }

    /// <summary>Every position exiftool finds in the file (GPS tags, QuickTime/Keys coordinates), empty when none.</summary>
    private string Location(byte[] bytes, string name) =>
        ExiftoolValues(bytes, name, "-GPSLatitude", "-GPSLongitude", "-GPSPosition", "-GPSCoordinates", "-LocationInformation");

    /// <summary>Any EXIF, XMP or IPTC tag exiftool finds.</summary>
    private string Exif(byte[] bytes, string name) => ExiftoolValues(bytes, name, "-EXIF:all", "-XMP:all", "-IPTC:all");

    private string ExiftoolValues(byte[] bytes, string name, params string[] tags)
    {
        var path = Path.Combine(dir, Guid.NewGuid().ToString("N") + "-" + name);
        File.WriteAllBytes(path, bytes);
        var (exit, output, errors) = FfmpegImageCheck.Run("exiftool", ["-n", "-s3", "-a", .. tags, path]);
        Assert.True(exit is 0 or 1, errors); // 1: none of the tags found
        return output.Trim();
    }
}
