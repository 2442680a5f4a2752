namespace PiVault.Server.Features.Media;

/// <summary>
/// Which videos every browser and phone can play as they are: H.264 in 8-bit 4:2:0, in an MP4/MOV container, with AAC
/// or MP3 sound or none, in ordinary (not HDR) colours (Immich's "required" policy with its default accepted codecs).
/// Everything else — HEVC from iPhones, 10-bit and HDR, MPEG-4 Part 2 and Motion-JPEG from older cameras, AVI, MPEG-TS, Matroska — gets an H.264 copy
/// for playback; the original is kept and downloaded as it is.
/// </summary>
public static class PlaybackPolicy
{
    private static readonly string[] PlayablePixelFormats = ["yuv420p", "yuvj420p"];
    private static readonly string[] PlayableAudio = ["aac", "mp3"];

    /// <summary>Why <paramref name="info"/> needs a playback copy, in words for the log; null when it plays as it is.</summary>
    public static string? WhyEncode(VideoInfo info)
    {
        if (info.Codec != "h264")
        {
            return $"{info.Codec} video";
        }
        if (info.IsHdr)
        {
            return $"HDR ({info.ColorTransfer})";
        }
        if (info.PixelFormat is not { } pixels || !PlayablePixelFormats.Contains(pixels))
        {
            return $"{info.PixelFormat ?? "unknown"} pixels";
        }
        if (info.FormatName is not { } format || !format.Split(',').Intersect(["mp4", "mov"]).Any())
        {
            return $"{info.FormatName ?? "unknown"} container";
        }
        if (info.AudioCodec is { } audio && !PlayableAudio.Contains(audio))
        {
            return $"{audio} sound";
        }
        return null;
    }
}
