using System.Globalization;

namespace PiVault.Server.Features.Media;

/// <summary>Makes the playback copy of a video that browsers cannot play as it is (<see cref="PlaybackPolicy"/>).</summary>
public interface IVideoEncoder
{
    /// <summary>
    /// Encodes <paramref name="path"/> to an MP4 at <paramref name="outputPath"/> (overwritten): H.264 8-bit 4:2:0 in
    /// BT.709 colours (HDR tone-mapped), upright, short side at most <see cref="VideoEncoder.TargetShortSide"/>, AAC, index
    /// at the front so playback starts before the download ends. Throws <see cref="VideoDecodeException"/> when ffmpeg
    /// fails; a half-written output is the caller's to delete.
    /// </summary>
    Task EncodeAsync(string path, VideoInfo info, string outputPath, CancellationToken cancel);
}

/// <summary>
/// libx264 through an ffmpeg process, with Immich's default transcoding settings (720p, CRF 23, AAC) and its
/// fastest preset, which a Pi 4 needs; two threads, like the other ffmpeg runs, leaving cores for uploads and the web.
/// </summary>
public sealed class VideoEncoder(string ffmpegPath = "ffmpeg") : IVideoEncoder
{
    /// <summary>Playback copies are scaled down (never up) until their short side is at most this.</summary>
    public const int TargetShortSide = 720;

    /// <summary>Enough for a Pi 4 to encode a long 4K clip in software; the process is killed after it.</summary>
    public static TimeSpan TimeoutFor(VideoInfo info) => TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(20 * Math.Max(0, info.DurationSeconds));

    public async Task EncodeAsync(string path, VideoInfo info, string outputPath, CancellationToken cancel)
    {
        var input = VideoProbe.Input(path);
        var result = await ToolProcess.RunAsync(ffmpegPath, Arguments(input, info, outputPath), TimeoutFor(info), maxOutputBytes: 64 * 1024, cancel);
        if (result.ExitCode != 0)
        {
            throw VideoProbe.Failure("ffmpeg could not make a playback copy", result, input, path);
        }
        if (!File.Exists(outputPath) || new FileInfo(outputPath).Length == 0)
        {
            throw new VideoDecodeException("ffmpeg made an empty playback copy");
        }
    }

    private static List<string> Arguments(string input, VideoInfo info, string outputPath)
    {
        var threads = VideoProbe.DecoderThreads.ToString(CultureInfo.InvariantCulture);
        List<string> arguments =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-threads", threads, "-i", input,
            "-map", "0:" + info.StreamIndex.ToString(CultureInfo.InvariantCulture), "-map", "0:a:0?", "-sn", "-dn", "-map_metadata", "-1",
        ];
        // Runs after ffmpeg's automatic rotation, so on the displayed size; scaled first, so HDR is tone-mapped at 720p.
        var filters = new[] { ScaleFilter(info), info.IsHdr ? ToneMap : null }.OfType<string>().ToList();
        if (filters.Count > 0)
        {
            arguments.AddRange(["-vf", string.Join(',', filters)]);
        }
        if (info.IsHdr)
        {
            arguments.AddRange(["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709"]);
        }
        // The sound keeps its channels and ffmpeg's AAC rate for them (forcing stereo at 128 kb/s on mono sound cost a third
        // more CPU for nothing the ear gets).
        arguments.AddRange(
        [
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "23", "-pix_fmt", "yuv420p", "-threads", threads,
            "-c:a", "aac", "-movflags", "+faststart", "-f", "mp4", "file:" + Path.GetFullPath(outputPath),
        ]);
        return arguments;
    }

    /// <summary>
    /// HDR (HLG from iPhones, PQ) to ordinary BT.709 colours with the Hable curve, as Immich does by default; without it
    /// the copy would look grey and flat on every screen that is not HDR.
    /// </summary>
    private const string ToneMap =
        "zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p";

    /// <summary>
    /// Scales the short side down to <see cref="TargetShortSide"/> with even sides, as 4:2:0 needs; none when the video
    /// is already small enough and even (a scaler that changes nothing still costs time).
    /// </summary>
    private static string? ScaleFilter(VideoInfo info) =>
        Math.Min(info.Width, info.Height) <= TargetShortSide && info.Width % 2 == 0 && info.Height % 2 == 0 ? null
        : info.Width <= info.Height ? $"scale='trunc(min({TargetShortSide},iw)/2)*2':-2"
        : $"scale=-2:'trunc(min({TargetShortSide},ih)/2)*2'";
}
