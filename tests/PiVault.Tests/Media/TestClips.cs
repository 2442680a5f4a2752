using System.Globalization;
using System.Text.Json;

namespace PiVault.Tests.Media;

/// <summary>Short clips made by the real ffmpeg from its test pattern, and ffprobe's independent view of a video file.</summary>
public static class TestClips
{
    /// <summary>Two seconds of test pattern (and a tone unless <c>-an</c> is among the arguments), encoded with <paramref name="encode"/>.</summary>
    public static string Make(string path, int width, int height, params string[] encode)
    {
        string[] arguments =
        [
            "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=10", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", "2", .. encode, path,
        ];
        var (exit, _, errors) = FfmpegImageCheck.Run("ffmpeg", arguments);
        Assert.True(exit == 0, errors);
        return path;
    }

    /// <summary>A stream copy of <paramref name="path"/> that tells players to turn it a quarter (a phone held upright).</summary>
    public static string Rotated(string path, string rotatedPath)
    {
        // ffmpeg 5.1 writes the display matrix from the rotate tag only when it copies the stream, not when it encodes.
        var (exit, _, errors) = FfmpegImageCheck.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", path, "-c", "copy", "-metadata:s:v:0", "rotate=90", rotatedPath);
        Assert.True(exit == 0, errors);
        return rotatedPath;
    }

    /// <summary>The mean luma (0–255) of the first frame, from ffmpeg's signalstats filter.</summary>
    public static double MeanLuma(string path, string filter = "null")
    {
        var (exit, output, errors) = FfmpegImageCheck.Run("ffmpeg", "-nostdin", "-v", "error", "-i", path, "-frames:v", "1",
            "-vf", $"{filter},format=yuv420p,signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=-", "-f", "null", "-");
        Assert.True(exit == 0, errors);
        var line = output.Split('\n').First(l => l.StartsWith("lavfi.signalstats.YAVG=", StringComparison.Ordinal));
        return double.Parse(line["lavfi.signalstats.YAVG=".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>What ffprobe says about the first video and audio streams, and where the index sits.</summary>
    public static ProbedClip Probe(string path)
    {
        var (exit, output, errors) = FfmpegImageCheck.Run("ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", path);
        Assert.True(exit == 0, errors);
        using var report = JsonDocument.Parse(output);
        var streams = report.RootElement.GetProperty("streams").EnumerateArray().ToList();
        var video = streams.First(s => s.GetProperty("codec_type").GetString() == "video");
        var audio = streams.Where(s => s.GetProperty("codec_type").GetString() == "audio").Select(s => s.GetProperty("codec_name").GetString()).FirstOrDefault();
        var rotated = video.TryGetProperty("side_data_list", out var side) && side.EnumerateArray().Any(d => d.TryGetProperty("rotation", out var r) && r.GetDouble() != 0);
        var bytes = File.ReadAllBytes(path);
        var moov = bytes.AsSpan().IndexOf("moov"u8);
        var mdat = bytes.AsSpan().IndexOf("mdat"u8);
        return new ProbedClip(
            video.GetProperty("codec_name").GetString()!, video.GetProperty("pix_fmt").GetString()!,
            video.GetProperty("width").GetInt32(), video.GetProperty("height").GetInt32(), rotated, audio,
            double.Parse(report.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture),
            moov >= 0 && mdat >= 0 && moov < mdat)
        {
            ColorTransfer = video.TryGetProperty("color_transfer", out var transfer) ? transfer.GetString() : null,
            ColorPrimaries = video.TryGetProperty("color_primaries", out var primaries) ? primaries.GetString() : null,
        };
    }
}

/// <param name="IndexFirst">The MP4 index (moov) comes before the media data, so playback starts before the download ends.</param>
public sealed record ProbedClip(string Codec, string PixelFormat, int Width, int Height, bool Rotated, string? AudioCodec, double DurationSeconds, bool IndexFirst)
{
    public string? ColorTransfer { get; init; }

    public string? ColorPrimaries { get; init; }
}
