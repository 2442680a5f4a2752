using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Features.Media;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Media;

/// <summary>
/// Videos browsers cannot play get an H.264 playback copy from the real ffmpeg; the playback endpoints serve it (or the
/// original where none is needed) to the owner, the Immich clients and share links; the original is never touched.
/// </summary>
public sealed class VideoPlaybackTests : IDisposable
{
    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Theory]
    [InlineData("mei/mp4/with-gps.mp4")]
    [InlineData("mei/mp4/Issue_515_java.mp4")]
    [InlineData("file-type/fixture-imovie.mp4")]
    [InlineData("mei/mov/with-gps.mov")]
    public async Task H264_in_mp4_or_mov_plays_as_it_is(string corpusPath)
    {
        var info = await new VideoProbe().ProbeAsync(Uploads.CorpusFile(corpusPath), CancellationToken.None);

        Assert.Null(PlaybackPolicy.WhyEncode(info));
    }

    [Theory]
    [InlineData("mei/mov/sample_iTunes.mov", "mpeg4 video")]
    [InlineData("file-type/fixture-mjpeg.mov", "mjpeg video")]
    [InlineData("mei/3gp/sample.3gp", "mpeg4 video")]
    [InlineData("exiftool-t-images/Pentax.avi", "mjpeg video")]
    public async Task Old_camera_formats_need_a_playback_copy(string corpusPath, string reason)
    {
        var info = await new VideoProbe().ProbeAsync(Uploads.CorpusFile(corpusPath), CancellationToken.None);

        Assert.Equal(reason, PlaybackPolicy.WhyEncode(info));
    }

    [Theory]
    [InlineData("hevc.mp4", "hevc video", new[] { "-c:v", "libx265", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-c:a", "aac" })]
    [InlineData("ten-bit.mp4", "yuv420p10le pixels", new[] { "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-c:a", "aac" })]
    [InlineData("h264.mkv", "matroska,webm container", new[] { "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac" })]
    [InlineData("pcm.mov", "pcm_s16le sound", new[] { "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le" })]
    [InlineData("silent.mp4", null, new[] { "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-an" })]
    [InlineData("hlg.mp4", "HDR (arib-std-b67)", new[] { "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-color_trc", "arib-std-b67", "-c:a", "aac" })]
    public async Task Phone_formats_are_judged_by_codec_pixels_container_and_sound(string name, string? reason, string[] encode)
    {
        var path = TestClips.Make(Path.Combine(dir, name), 320, 240, encode);

        var info = await new VideoProbe().ProbeAsync(path, CancellationToken.None);

        Assert.Equal(reason, PlaybackPolicy.WhyEncode(info));
    }

    [Fact]
    public async Task A_portrait_hevc_clip_becomes_an_upright_h264_copy_with_sound_that_streams()
    {
        // How an iPhone stores a portrait video: landscape HEVC frames and a rotation for the player.
        var landscape = TestClips.Make(Path.Combine(dir, "landscape.mov"), 1920, 1080, "-c:v", "libx265", "-x265-params", "log-level=error", "-tag:v", "hvc1", "-c:a", "aac");
        var original = TestClips.Rotated(landscape, Path.Combine(dir, "portrait.mov"));
        var info = await new VideoProbe().ProbeAsync(original, CancellationToken.None);
        Assert.Equal((1080, 1920), (info.Width, info.Height));
        var copy = Path.Combine(dir, "copy.mp4");

        await new VideoEncoder().EncodeAsync(original, info, copy, CancellationToken.None);

        var probed = TestClips.Probe(copy);
        Assert.Equal(("h264", "yuv420p", "aac"), (probed.Codec, probed.PixelFormat, probed.AudioCodec));
        Assert.Equal((720, 1280), (probed.Width, probed.Height)); // upright, short side 720
        Assert.False(probed.Rotated);
        Assert.InRange(probed.DurationSeconds, 1.8, 2.2);
        Assert.True(probed.IndexFirst);
    }

    [Fact]
    public async Task An_hdr_clip_is_tone_mapped_to_ordinary_colours()
    {
        // How an iPhone 12 or later records by default: 10-bit HEVC in HLG on BT.2020 primaries.
        const string Hlg = "log-level=error:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc";
        var original = TestClips.Make(Path.Combine(dir, "hlg.mov"), 1280, 720, "-c:v", "libx265", "-x265-params", Hlg, "-pix_fmt", "yuv420p10le",
            "-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc", "-c:a", "aac");
        var info = await new VideoProbe().ProbeAsync(original, CancellationToken.None);
        Assert.True(info.IsHdr);
        var copy = Path.Combine(dir, "sdr.mp4");

        await new VideoEncoder().EncodeAsync(original, info, copy, CancellationToken.None);

        var probed = TestClips.Probe(copy);
        Assert.Equal(("h264", "yuv420p", "bt709", "bt709"), (probed.Codec, probed.PixelFormat, probed.ColorTransfer, probed.ColorPrimaries));
        // Read as if it were ordinary video, the HLG signal is too bright and flat; the tone-mapped copy is markedly darker.
        var asIs = TestClips.MeanLuma(original);
        var mapped = TestClips.MeanLuma(copy);
        Assert.True(mapped < asIs - 15, $"mean luma {mapped:F1} after tone mapping, {asIs:F1} read as ordinary video");
    }

    [Theory]
    [InlineData(321, 241, 320, 240)] // odd sides become even, never enlarged
    [InlineData(176, 144, 176, 144)]
    public async Task Small_videos_keep_their_size(int width, int height, int copyWidth, int copyHeight)
    {
        var original = TestClips.Make(Path.Combine(dir, "small.avi"), width, height, "-c:v", "mpeg4", "-an");
        var info = await new VideoProbe().ProbeAsync(original, CancellationToken.None);
        var copy = Path.Combine(dir, "small.mp4");

        await new VideoEncoder().EncodeAsync(original, info, copy, CancellationToken.None);

        var probed = TestClips.Probe(copy);
        Assert.Equal((copyWidth, copyHeight, (string?)null), (probed.Width, probed.Height, probed.AudioCodec));
    }

    [Fact]
    public async Task Playback_serves_the_copy_for_old_formats_and_the_original_otherwise_to_those_allowed()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        var mjpegBytes = await File.ReadAllBytesAsync(Uploads.CorpusFile("file-type/fixture-mjpeg.mov"));
        var h264Bytes = await File.ReadAllBytesAsync(Uploads.CorpusFile("mei/mp4/with-gps.mp4"));
        var (_, mjpeg, _) = await owner.UploadAsync(mjpegBytes, "old-camera.mov");
        var (_, h264, _) = await owner.UploadAsync(h264Bytes, "phone.mp4");
        var photoBytes = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg"));
        var (_, photo, _) = await owner.UploadAsync(photoBytes, "photo.jpg");
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(owner, TimeSpan.FromMinutes(3));

        var queue = await owner.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/video");
        Assert.Equal((0, 2, 0), (queue.GetProperty("missing").GetInt64(), queue.GetProperty("eligible").GetInt64(), queue.GetProperty("failed").GetInt64()));

        using var copy = await owner.GetAsync($"/api/v1/assets/{mjpeg}/playback");
        Assert.Equal("video/mp4", copy.Content.Headers.ContentType?.MediaType);
        var copyPath = Path.Combine(dir, "served.mp4");
        await File.WriteAllBytesAsync(copyPath, await copy.Content.ReadAsByteArrayAsync());
        Assert.Equal(("h264", true), (TestClips.Probe(copyPath).Codec, TestClips.Probe(copyPath).IndexFirst));
        Assert.Equal(mjpegBytes, await owner.GetByteArrayAsync($"/api/v1/assets/{mjpeg}/original")); // the original is untouched
        Assert.Equal(h264Bytes, await owner.GetByteArrayAsync($"/api/v1/assets/{h264}/playback")); // plays as it is: no copy

        using var range = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/assets/{mjpeg}/playback") { Headers = { Range = new RangeHeaderValue(100, 199) } };
        using var partial = await owner.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode); // seeking
        Assert.Equal(100, (await partial.Content.ReadAsByteArrayAsync()).Length);
        using var immich = await owner.GetAsync($"/api/assets/{mjpeg}/video/playback");
        Assert.Equal("video/mp4", immich.Content.Headers.ContentType?.MediaType);
        await (await owner.GetAsync($"/api/v1/assets/{photo}/playback")).AssertProblemAsync(HttpStatusCode.NotFound); // photos have no playback

        using var stranger = server.Client(await server.CreateUserAsync(admin, "stranger@example.com"));
        await (await stranger.GetAsync($"/api/v1/assets/{mjpeg}/playback")).AssertProblemAsync(HttpStatusCode.NotFound);

        // A share link that forbids downloads still lets its visitors watch the playback copy.
        var link = await (await owner.PostAsJsonAsync("/api/v1/shared-links", new { type = "individual", assetIds = new[] { mjpeg }, allowDownload = false }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var key = link.GetProperty("key").GetString();
        using var visitor = server.Client();
        using var shared = await visitor.GetAsync($"/api/v1/shared/{key}/assets/{mjpeg}/playback");
        Assert.Equal(("video/mp4", copy.Content.Headers.ContentLength), (shared.Content.Headers.ContentType?.MediaType, shared.Content.Headers.ContentLength));
        await (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{mjpeg}/original")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{h264}/playback")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_cancelled_conversion_leaves_no_copy_and_no_temp_file_and_runs_again()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        await owner.PostAsync("/api/v1/admin/jobs/video/pause", null);
        var clip = TestClips.Make(Path.Combine(dir, "long.avi"), 1280, 720, "-t", "20", "-c:v", "mpeg4", "-q:v", "5", "-an");
        var (_, id, _) = await owner.UploadAsync(await File.ReadAllBytesAsync(clip), "long.avi");
        await WaitForAsync(async () => (await owner.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/video")).GetProperty("pending").GetInt64() == 1);
        var service = server.Services.GetRequiredService<VideoPlaybackService>();
        var derived = server.Services.GetRequiredService<DerivedFileStore>();
        var tempDir = Path.GetDirectoryName(derived.TempPathFor(DerivedKind.Playback))!;

        using var cancel = new CancellationTokenSource();
        var run = service.PrepareAsync(id, cancel.Token);
        await WaitForAsync(() => Task.FromResult(Directory.Exists(tempDir) && Directory.GetFiles(tempDir).Length == 1)); // ffmpeg is writing
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.False(File.Exists(derived.PathFor(admin.UserId, id, DerivedKind.Playback)));
        Assert.Empty(Directory.GetFiles(tempDir));
        var status = await owner.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/video");
        Assert.Equal(1, status.GetProperty("missing").GetInt64());

        await owner.PostAsync("/api/v1/admin/jobs/video/resume", null);
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(owner, TimeSpan.FromMinutes(3));
        Assert.Equal(0, (await owner.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/video")).GetProperty("missing").GetInt64());
        Assert.True(File.Exists(derived.PathFor(admin.UserId, id, DerivedKind.Playback)));
    }

    [Fact]
    public async Task Leftover_temp_files_of_a_power_cut_are_removed_at_start_up()
    {
        var data = TempDir.Create();
        try
        {
            await using (var first = await TestServer.StartAsync(dataDir: data))
            {
                var temp = first.Services.GetRequiredService<DerivedFileStore>().TempPathFor(DerivedKind.Playback);
                await File.WriteAllBytesAsync(temp, new byte[1000]);
            }
            await using var second = await TestServer.StartAsync(dataDir: data);
            var folder = Path.GetDirectoryName(second.Services.GetRequiredService<DerivedFileStore>().TempPathFor(DerivedKind.Playback))!;
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            TempDir.Delete(data);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within 60 s");
            await Task.Delay(20);
        }
    }
}
