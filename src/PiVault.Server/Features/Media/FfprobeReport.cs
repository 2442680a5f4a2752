using System.Globalization;
using System.Text.Json;

namespace PiVault.Server.Features.Media;

/// <summary>
/// ffprobe's <c>-show_format -show_streams</c> JSON, read with <see cref="JsonDocument"/> (no reflection), reduced
/// to the video's facts plus the timing the end-of-stream check needs.
/// </summary>
/// <param name="StartSeconds">When the chosen video stream starts (MPEG-TS streams rarely start at 0).</param>
/// <param name="VideoDurationSeconds">The video stream's own duration, which can differ from the container's (longer audio).</param>
internal sealed record FfprobeReport(VideoInfo Info, double StartSeconds, double? VideoDurationSeconds)
{
    /// <summary>Reads the report; null when the JSON has no usable video stream.</summary>
    /// <exception cref="JsonException">The output is not JSON.</exception>
    public static FfprobeReport? Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        var streams = root.TryGetProperty("streams", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
        var format = root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        var video = streams.FirstOrDefault(IsPictureStream);
        if (video.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var rotation = Rotation(video);
        var (width, height) = (Int(video, "width"), Int(video, "height"));
        var info = new VideoInfo(
            DurationSeconds: Number(format, "duration") ?? Number(video, "duration") ?? 0,
            Width: rotation is 90 or 270 ? height : width,
            Height: rotation is 90 or 270 ? width : height,
            Codec: Text(video, "codec_name") ?? "unknown",
            FrameRate: FrameRate(video),
            Rotation: rotation,
            HasAudio: streams.Any(stream => Text(stream, "codec_type") == "audio"),
            CreationTime: CreationTime(format) ?? CreationTime(video))
        {
            StreamIndex = Int(video, "index"),
            PixelFormat = Text(video, "pix_fmt"),
            ColorTransfer = Text(video, "color_transfer"),
            AudioCodec = streams.Where(stream => Text(stream, "codec_type") == "audio").Select(stream => Text(stream, "codec_name")).FirstOrDefault(),
            FormatName = Text(format, "format_name"),
        };
        return new FfprobeReport(info, Number(video, "start_time") ?? Number(format, "start_time") ?? 0, Number(video, "duration"));
    }

    /// <summary>A video stream with a picture size that is not an attached cover image.</summary>
    private static bool IsPictureStream(JsonElement stream) =>
        Text(stream, "codec_type") == "video" && Int(stream, "width") > 0 && Int(stream, "height") > 0
        && !(stream.TryGetProperty("disposition", out var disposition) && Int(disposition, "attached_pic") == 1);

    /// <summary>
    /// Clockwise degrees, snapped to a quarter turn: from the display matrix side data (ffmpeg reports it
    /// counterclockwise, so −90 means a quarter turn clockwise) or the older "rotate" tag (clockwise).
    /// </summary>
    private static int Rotation(JsonElement video)
    {
        double? clockwise = null;
        if (video.TryGetProperty("side_data_list", out var sideData) && sideData.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in sideData.EnumerateArray())
            {
                if (Number(item, "rotation") is { } counterclockwise)
                {
                    clockwise = -counterclockwise;
                    break;
                }
            }
        }
        if (clockwise is null && video.TryGetProperty("tags", out var tags))
        {
            clockwise = Number(tags, "rotate");
        }
        var quarterTurns = (int)Math.Round((clockwise ?? 0) / 90.0);
        return (quarterTurns % 4 + 4) % 4 * 90;
    }

    private static double? FrameRate(JsonElement video)
    {
        foreach (var name in (string[])["avg_frame_rate", "r_frame_rate"])
        {
            if (Text(video, name)?.Split('/') is [var n, var d]
                && double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out var numerator)
                && double.TryParse(d, NumberStyles.Float, CultureInfo.InvariantCulture, out var denominator)
                && denominator > 0 && numerator / denominator is > 0 and <= 1000 and var rate)
            {
                return Math.Round(rate, 3);
            }
        }
        return null;
    }

    /// <summary>The creation_time tag; MP4 writes zero (1904 or 1970) when the camera had no clock, which means absent.</summary>
    private static DateTimeOffset? CreationTime(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("tags", out var tags)
        && Text(tags, "creation_time") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time)
        && time.Year > 1970
            ? time
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number ffprobe may print as a JSON number or as a string ("3.635000"); null for "N/A" or absent.</summary>
    private static double? Number(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetDouble();
        }
        return value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && double.IsFinite(parsed) ? parsed : null;
    }

    private static int Int(JsonElement element, string name) =>
        Number(element, name) is { } value && value is >= int.MinValue and <= int.MaxValue ? (int)value : 0;
}
