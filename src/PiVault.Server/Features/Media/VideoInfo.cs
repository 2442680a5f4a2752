namespace PiVault.Server.Features.Media;

/// <summary>Reads a video's facts and grabs a poster frame, through ffprobe and ffmpeg processes.</summary>
public interface IVideoProbe
{
    /// <summary>
    /// Probes the video at <paramref name="path"/> and checks its video stream can be read to the end.
    /// Throws <see cref="VideoDecodeException"/> when the file is not a readable video (corrupt, truncated, not a
    /// video at all) and <see cref="InvalidOperationException"/> when ffprobe itself is missing.
    /// </summary>
    Task<VideoInfo> ProbeAsync(string path, CancellationToken cancel);

    /// <summary>
    /// A JPEG of one frame a little into the clip (min(1 s, 10% of the duration); the first frame of clips under
    /// a second, or when seeking yields nothing), turned upright and scaled so its short side is at most
    /// <see cref="VideoProbe.PosterShortSide"/> pixels. Throws <see cref="VideoDecodeException"/> when no frame decodes.
    /// </summary>
    Task<byte[]> PosterFrameAsync(string path, VideoInfo info, CancellationToken cancel);
}

/// <summary>What ffprobe says about a video, with the size as it is displayed (after rotation).</summary>
/// <param name="DurationSeconds">Container duration in seconds (0 when the file does not say).</param>
/// <param name="Width">Displayed width: the coded width, or the coded height when <paramref name="Rotation"/> is 90 or 270.</param>
/// <param name="Height">Displayed height, likewise.</param>
/// <param name="Codec">ffmpeg's codec name of the video stream, e.g. "h264", "hevc", "mpeg4", "mjpeg".</param>
/// <param name="FrameRate">Average frames per second, or null when unknown.</param>
/// <param name="Rotation">Clockwise degrees to turn the coded frames upright: 0, 90, 180 or 270.</param>
/// <param name="HasAudio">True when the file has an audio stream.</param>
/// <param name="CreationTime">The container's creation_time tag (UTC in MP4/MOV), or null when absent or zeroed.</param>
public sealed record VideoInfo(
    double DurationSeconds,
    int Width,
    int Height,
    string Codec,
    double? FrameRate,
    int Rotation,
    bool HasAudio,
    DateTimeOffset? CreationTime)
{
    /// <summary>The ffprobe stream index of the video stream described (cover-art streams are skipped).</summary>
    public int StreamIndex { get; init; }

    /// <summary>The video stream's pixel format, e.g. "yuv420p", "yuv420p10le" (10-bit HDR from phones); null when unknown.</summary>
    public string? PixelFormat { get; init; }

    /// <summary>ffmpeg's codec name of the first audio stream ("aac", "pcm_s16le", "amr_nb"…); null when there is none.</summary>
    public string? AudioCodec { get; init; }

    /// <summary>The video's transfer characteristic, e.g. "bt709", or "arib-std-b67" (HLG) and "smpte2084" (PQ) for HDR; null when untagged.</summary>
    public string? ColorTransfer { get; init; }

    /// <summary>True for HDR video (HLG or PQ), which looks washed out unless tone-mapped for ordinary screens.</summary>
    public bool IsHdr => ColorTransfer is "arib-std-b67" or "smpte2084";

    /// <summary>ffmpeg's container names, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "avi", "mpegts", "matroska,webm".</summary>
    public string? FormatName { get; init; }
}

/// <summary>
/// The file is not a readable video: ffprobe or ffmpeg failed on it, found no video stream or frame, ran past its
/// time limit, or found the video data ending early. The message is ffmpeg's own last meaningful line where there is one.
/// </summary>
public sealed class VideoDecodeException(string message, Exception? inner = null) : Exception(message, inner);
