using System.Diagnostics;
using PiVault.Server.Features.Media;
using PiVault.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PiVault.Tests.Media;

/// <summary>
/// <see cref="VideoProbe"/> against every video in the corpus, measured against manifest.tsv (which records the
/// stored size and "rot90" for rotated clips), plus the broken files that must fail cleanly and quickly.
/// </summary>
public sealed class VideoProbeTests(ITestOutputHelper output)
{
    private static readonly string[] VideoKinds = ["video-mp4", "video-mov", "video-m4v", "video-3gp"];

    /// <summary>An exiftool metadata stub: the header states 4.97 s of 320×240 video, but it has no sample tables.</summary>
    private const string FramelessStub = "exiftool-t-images/QuickTime.mov";

    private readonly VideoProbe probe = new();

    public static TheoryData<string> Videos() =>
        [.. CorpusManifest.All.Where(row => VideoKinds.Contains(row.Kind) && row.File != FramelessStub).Select(row => row.File).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_corpus_has_the_videos_these_tests_expect() => Assert.True(Videos().Count >= 12, $"found {Videos().Count} videos");

    [Theory]
    [MemberData(nameof(Videos))]
    public async Task Every_video_probes_to_the_manifest_and_yields_an_upright_poster(string corpusPath)
    {
        var entry = CorpusManifest.Entry(corpusPath);
        var (storedWidth, storedHeight) = entry.Size!.Value;
        var rotated = entry.Orientation is "rot90" or "rot270";
        var path = Uploads.CorpusFile(corpusPath);

        var clock = Stopwatch.StartNew();
        var info = await probe.ProbeAsync(path, CancellationToken.None);
        var probeTime = clock.Elapsed;
        clock.Restart();
        var poster = await probe.PosterFrameAsync(path, info, CancellationToken.None);
        output.WriteLine($"{corpusPath}: probe {probeTime.TotalMilliseconds:0} ms, poster {clock.Elapsed.TotalMilliseconds:0} ms, {info}");

        Assert.InRange(info.DurationSeconds, entry.DurationSeconds!.Value - 0.1, entry.DurationSeconds.Value + 0.1);
        Assert.Equal(rotated ? (storedHeight, storedWidth) : (storedWidth, storedHeight), (info.Width, info.Height));
        Assert.Equal(rotated ? 90 : 0, info.Rotation % 180 == 90 ? 90 : 0);
        Assert.False(string.IsNullOrEmpty(info.Codec));
        Assert.Equal((info.Width, info.Height), FfmpegImageCheck.Decode(poster));
    }

    [Fact]
    public async Task A_portrait_iphone_clip_reports_its_rotation_audio_rate_and_date()
    {
        var info = await probe.ProbeAsync(Uploads.CorpusFile("mei/mov/with-gps.mov"), CancellationToken.None);

        var expected = new VideoInfo(4.001667, 320, 568, "h264", 29.988, 90, true, new DateTimeOffset(2019, 7, 24, 8, 25, 57, TimeSpan.Zero))
        {
            StreamIndex = 1, // stream 0 is the audio
            PixelFormat = "yuv420p",
            ColorTransfer = "bt709",
            AudioCodec = "aac",
            FormatName = "mov,mp4,m4a,3gp,3g2,mj2",
        };
        Assert.Equal(expected, info);
    }

    [Fact]
    public async Task A_silent_clip_has_no_audio()
    {
        var info = await probe.ProbeAsync(Uploads.CorpusFile("mei/mov/xmp480qt.mov"), CancellationToken.None);

        Assert.False(info.HasAudio);
        Assert.Equal(29.97, info.FrameRate);
    }

    [Fact]
    public async Task A_file_truncated_to_a_third_fails_the_probe_quickly_with_ffmpegs_reason()
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<VideoDecodeException>(() => probe.ProbeAsync(Uploads.CorpusFile("derived-corrupt/mp4-truncated-33pct.mp4"), CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.StartsWith("the video data stops at 0.97 s of 3.64 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("partial file", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_text_file_named_mp4_fails_with_ffprobes_reason()
    {
        var dir = TempDir.Create();
        try
        {
            var path = Path.Combine(dir, "notes.mp4");
            await File.WriteAllTextAsync(path, "Shopping list: milk, eggs, bread.\nNot a video at all.\n");
            var clock = Stopwatch.StartNew();

            var error = await Assert.ThrowsAsync<VideoDecodeException>(() => probe.ProbeAsync(path, CancellationToken.None));

            output.WriteLine(error.Message);
            Assert.Equal("ffprobe could not read the file: notes.mp4: Invalid data found when processing input", error.Message);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    [Fact]
    public async Task A_header_without_frames_fails_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<VideoDecodeException>(() => probe.ProbeAsync(Uploads.CorpusFile(FramelessStub), CancellationToken.None));

        Assert.Equal("no video data could be read: stream 1, missing mandatory atoms, broken header", error.Message);
    }

    [Fact]
    public async Task A_poster_of_a_frameless_file_fails_with_the_reason()
    {
        var info = new VideoInfo(4.97, 320, 240, "mjpeg", 30, 0, true, null);

        var error = await Assert.ThrowsAsync<VideoDecodeException>(() => probe.PosterFrameAsync(Uploads.CorpusFile(FramelessStub), info, CancellationToken.None));

        output.WriteLine(error.Message);
        Assert.StartsWith("ffmpeg decoded no frame: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_not_a_decode_error() =>
        await Assert.ThrowsAsync<FileNotFoundException>(() => probe.ProbeAsync("/nonexistent/clip.mp4", CancellationToken.None));

    [Fact]
    public void The_tools_are_available_here() => Assert.True(probe.IsAvailable(out var problem), problem);

    [Fact]
    public async Task A_missing_tool_is_reported_with_how_to_install_it()
    {
        var missing = new VideoProbe(ffmpegPath: "/nonexistent/ffmpeg", ffprobePath: "/nonexistent/ffprobe");

        Assert.False(missing.IsAvailable(out var problem));
        Assert.Equal("ffprobe not found: apt-get install ffmpeg", problem);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => missing.ProbeAsync(Uploads.CorpusFile("mei/3gp/sample.3gp"), CancellationToken.None));
        Assert.Equal("ffprobe not found: apt-get install ffmpeg", error.Message);
    }
}
