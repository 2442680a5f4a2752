using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>Reads capture metadata from an original. Implementations never throw on bad files.</summary>
public interface IMetadataReader
{
    /// <summary>
    /// Everything that could be read from <paramref name="path"/>. The date falls back to the original file
    /// name (<paramref name="originalFileName"/>, as the phone named it) and then to <paramref name="fileModifiedAt"/>.
    /// </summary>
    MediaMetadata Read(string path, string originalFileName, DateTimeOffset fileModifiedAt);
}

/// <summary>
/// Capture metadata of one asset.
/// <para><see cref="TakenAtLocal"/> is the wall clock where the photo was taken. When <see cref="UtcOffset"/> is null the
/// offset is unknown: for EXIF/XMP/file-name dates <see cref="TakenAtUtc"/> then assumes the wall clock was UTC; for a
/// QuickTime <c>mvhd</c> date or the file time (both instants) <see cref="TakenAtLocal"/> is that instant's clock in
/// its own offset (UTC for mvhd). With GPS and a time-zone locator the offset comes from the zone instead.</para>
/// </summary>
/// <param name="DateSource">Where the date came from: <c>exif</c>, <c>xmp</c>, <c>iptc</c>, <c>quicktime</c>, <c>filename</c> or <c>file</c>.</param>
/// <param name="Orientation">EXIF orientation 1–8; null when absent or out of range (treat as 1).</param>
public sealed record MediaMetadata(
    DateTimeOffset? TakenAtUtc,
    DateTime? TakenAtLocal,
    TimeSpan? UtcOffset,
    string DateSource,
    double? Latitude,
    double? Longitude,
    double? Altitude,
    string? Make,
    string? Model,
    string? LensModel,
    double? ExposureSeconds,
    double? FNumber,
    int? Iso,
    double? FocalLengthMm,
    int? Orientation,
    string? Description,
    int? Width,
    int? Height,
    double? DurationSeconds)
{
    /// <summary>Container the values were read from (<c>jpeg</c>, <c>tiff</c>, <c>heif</c>, <c>png</c>, <c>webp</c>, <c>quicktime</c>, …) or <c>unknown</c>.</summary>
    public string Format { get; init; } = "unknown";

    /// <summary>
    /// Where <see cref="UtcOffset"/> came from: <c>exif</c> (OffsetTime* tags), <c>xmp</c>, <c>iptc</c>, <c>quicktime</c>,
    /// <c>gps-time</c> (the camera clock against the EXIF GPS clock, which is UTC), <c>gps-zone</c> (the time zone at the GPS
    /// position, with its DST rules), or null when unknown.
    /// </summary>
    public string? UtcOffsetSource { get; init; }

    /// <summary>IANA time zone at the GPS position (e.g. "Europe/Paris"), when a time-zone locator was given and the photo has GPS.</summary>
    public string? TimeZoneId { get; init; }

    /// <summary>Apple's Live Photo pairing key (the still's MakerNote 0x0011, the movie's content identifier), or null.</summary>
    public string? ContentIdentifier { get; init; }

    /// <summary>The star rating in the file's or sidecar's XMP (<c>xmp:Rating</c>): 1–5, -1 rejected; null unrated.</summary>
    public int? Rating { get; init; }

    /// <summary>Where a motion photo's MP4 lies inside this still, checked against the file; null when it has none.</summary>
    public EmbeddedVideo? EmbeddedVideo { get; init; }

    /// <summary>Why a still whose XMP declares a motion photo gave no video (a bad offset), or null.</summary>
    public string? MotionPhotoProblem { get; init; }

    /// <summary>Why reading stopped early (the exception's type and message), or null when the file was read through.</summary>
    public string? Problem { get; init; }
}
