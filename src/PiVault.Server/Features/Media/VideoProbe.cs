using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PiVault.Server.Features.Media;

/// <summary>
/// <see cref="IVideoProbe"/> over the ffprobe and ffmpeg executables (Debian's ffmpeg 5.1). Each call starts a
/// process without a shell, limited to <see cref="DecoderThreads"/> decoder threads (the Pi has other work) and to
/// a hard time limit after which the process tree is killed. Nothing is written to disk: frames come back on stdout.
/// </summary>
public sealed class VideoProbe : IVideoProbe
{
    /// <summary>Posters are scaled down (never up) until their short side is at most this.</summary>
    public const int PosterShortSide = 1440;

    /// <summary>Decoder threads per ffmpeg run: two of the Pi's four cores.</summary>
    public const int DecoderThreads = 2;

    private const int MaxReportBytes = 4 * 1024 * 1024;
    private const int MaxPacketListBytes = 32 * 1024 * 1024;
    private const int MaxPosterBytes = 64 * 1024 * 1024;

    /// <summary>How much of the end of the video stream the completeness check reads.</summary>
    private const double TailSeconds = 1.0;

    /// <summary>How far short of its stated duration the last packet may end before the file counts as truncated.</summary>
    private const double EndToleranceSeconds = 0.5;

    private readonly string ffmpeg;
    private readonly string ffprobe;
    private readonly TimeSpan timeout;

    /// <param name="ffmpegPath">The ffmpeg executable: a name looked up on PATH, or a path.</param>
    /// <param name="ffprobePath">The ffprobe executable, likewise.</param>
    /// <param name="timeout">Hard limit per process run; 60 s when null.</param>
    public VideoProbe(string ffmpegPath = "ffmpeg", string ffprobePath = "ffprobe", TimeSpan? timeout = null)
    {
        ffmpeg = ffmpegPath;
        ffprobe = ffprobePath;
        this.timeout = timeout ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>Runs <c>ffprobe -version</c> and <c>ffmpeg -version</c>; on failure <paramref name="problem"/> says what to install.</summary>
    public bool IsAvailable(out string? problem)
    {
        foreach (var tool in (string[])[ffprobe, ffmpeg])
        {
            if (!Runs(tool))
            {
                problem = ToolProcess.MissingMessage(tool);
                return false;
            }
        }
        problem = null;
        return true;
    }

    /// <inheritdoc />
    public async Task<VideoInfo> ProbeAsync(string path, CancellationToken cancel)
    {
        var input = Input(path);
        var result = await ToolProcess.RunAsync(ffprobe,
            ["-hide_banner", "-loglevel", "error", "-threads", "1", "-print_format", "json", "-show_format", "-show_streams", input],
            timeout, MaxReportBytes, cancel);
        if (result.ExitCode != 0)
        {
            throw Failure("ffprobe could not read the file", result, input, path);
        }
        FfprobeReport? report;
        try
        {
            report = FfprobeReport.Parse(result.Output);
        }
        catch (JsonException e)
        {
            throw new VideoDecodeException("ffprobe printed no readable report", e);
        }
        if (report is null)
        {
            throw Failure("no video stream", result, input, path);
        }
        await CheckReadableToEndAsync(report, input, path, cancel);
        return report.Info;
    }

    /// <inheritdoc />
    public async Task<byte[]> PosterFrameAsync(string path, VideoInfo info, CancellationToken cancel)
    {
        var input = Input(path);
        var at = info.DurationSeconds < 1 ? 0 : Math.Min(1.0, info.DurationSeconds * 0.1);
        if (at > 0)
        {
            var seeked = await ToolProcess.RunAsync(ffmpeg, PosterArguments(input, info, at), timeout, MaxPosterBytes, cancel);
            if (IsJpeg(seeked.Output))
            {
                return seeked.Output;
            }
        }
        var first = await ToolProcess.RunAsync(ffmpeg, PosterArguments(input, info, null), timeout, MaxPosterBytes, cancel);
        return IsJpeg(first.Output) ? first.Output : throw Failure("ffmpeg decoded no frame", first, input, path);
    }

    /// <summary>
    /// Reads the video stream's packets from a second before its stated end: a file cut short (an interrupted copy)
    /// still has its full-length index, but its packets stop early. Where the container cannot seek, reads from the start.
    /// </summary>
    private async Task CheckReadableToEndAsync(FfprobeReport report, string input, string path, CancellationToken cancel)
    {
        var duration = report.VideoDurationSeconds ?? report.Info.DurationSeconds;
        if (duration <= 0)
        {
            return; // nothing to compare against (e.g. an unindexed stream)
        }
        var from = report.StartSeconds + Math.Max(0, duration - TailSeconds);
        var result = await ReadPacketsAsync(input, report.Info.StreamIndex, from, cancel);
        if (result.Errors.Contains("Could not seek", StringComparison.Ordinal))
        {
            result = await ReadPacketsAsync(input, report.Info.StreamIndex, null, cancel);
        }
        var end = LastPacketEnd(result.Output);
        if (end is null)
        {
            throw Failure("no video data could be read", result, input, path);
        }
        if (end < report.StartSeconds + duration - EndToleranceSeconds)
        {
            var reached = (end.Value - report.StartSeconds).ToString("0.00", CultureInfo.InvariantCulture);
            var stated = duration.ToString("0.00", CultureInfo.InvariantCulture);
            throw Failure($"the video data stops at {reached} s of {stated} s (truncated or damaged)", result, input, path);
        }
    }

    private Task<ToolResult> ReadPacketsAsync(string input, int stream, double? from, CancellationToken cancel)
    {
        List<string> arguments = ["-hide_banner", "-loglevel", "error", "-threads", "1", "-select_streams", stream.ToString(CultureInfo.InvariantCulture),
            "-show_entries", "packet=pts_time,dts_time,duration_time", "-of", "csv=p=0"];
        if (from is { } seconds)
        {
            arguments.AddRange(["-read_intervals", seconds.ToString("0.000", CultureInfo.InvariantCulture) + "%"]);
        }
        arguments.Add(input);
        return ToolProcess.RunAsync(ffprobe, arguments, timeout, MaxPacketListBytes, cancel);
    }

    /// <summary>The latest packet end (timestamp + duration) in ffprobe's "pts,dts,duration" lines; null when there are none.</summary>
    private static double? LastPacketEnd(byte[] csv)
    {
        double? end = null;
        foreach (var line in System.Text.Encoding.ASCII.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',');
            double? Field(int i) => i < fields.Length && double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
            if ((Field(0) ?? Field(1)) is { } stamp)
            {
                var packetEnd = Math.Max(stamp, Field(1) ?? stamp) + (Field(2) ?? 0);
                end = end is { } known ? Math.Max(known, packetEnd) : packetEnd;
            }
        }
        return end;
    }

    private static List<string> PosterArguments(string input, VideoInfo info, double? at)
    {
        List<string> arguments = ["-nostdin", "-hide_banner", "-loglevel", "error", "-filter_threads", "1", "-threads", DecoderThreads.ToString(CultureInfo.InvariantCulture)];
        if (at is { } seconds)
        {
            arguments.AddRange(["-ss", seconds.ToString("0.000", CultureInfo.InvariantCulture)]);
        }
        arguments.AddRange(["-i", input, "-map", "0:" + info.StreamIndex.ToString(CultureInfo.InvariantCulture), "-frames:v", "1", "-an", "-sn", "-dn"]);
        if (ScaleFilter(info) is { } scale)
        {
            arguments.AddRange(["-vf", scale]); // runs after ffmpeg's automatic rotation, so on the displayed size
        }
        arguments.AddRange(["-pix_fmt", "yuvj420p", "-q:v", "3", "-f", "image2pipe", "-c:v", "mjpeg", "pipe:1"]);
        return arguments;
    }

    /// <summary>Scales the short side down to <see cref="PosterShortSide"/>; the long side follows, rounded to even.</summary>
    private static string? ScaleFilter(VideoInfo info) =>
        Math.Min(info.Width, info.Height) <= PosterShortSide ? null
        : info.Width <= info.Height ? $"scale={PosterShortSide}:-2"
        : $"scale=-2:{PosterShortSide}";

    private static bool IsJpeg(byte[] bytes) => bytes is [0xFF, 0xD8, .., 0xFF, 0xD9];

    /// <summary>An absolute path behind ffmpeg's file: protocol, so no name is read as an option or another protocol.</summary>
    internal static string Input(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? "file:" + full : throw new FileNotFoundException("video not found", full);
    }

    internal static VideoDecodeException Failure(string what, ToolResult result, string input, string path)
    {
        var line = result.LastMeaningfulError.Replace(input, Path.GetFileName(path), StringComparison.Ordinal);
        return new VideoDecodeException(line.Length > 0 ? $"{what}: {line}" : $"{what} (exit code {result.ExitCode})");
    }

    /// <summary>True when <c>tool -version</c> starts and exits cleanly within 10 s.</summary>
    private static bool Runs(string tool)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-version");
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (process.WaitForExit(10_000))
            {
                return process.ExitCode == 0;
            }
            process.Kill(entireProcessTree: true);
            return false;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
