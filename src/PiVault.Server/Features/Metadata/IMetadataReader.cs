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
/// QuickTime <c>mvhd</c> date (stored as UTC) <see cref="TakenAtLocal"/> is the UTC clock.</para>
/// </summary>
/// <param name="DateSource">Where the date came from: <c>exif</c>, <c>xmp</c>, <c>quicktime</c>, <c>filename</c> or <c>file</c>.</param>
/// <param name="UtcOffsetSource">Where the offset came from: <c>exif</c> (OffsetTime*), <c>xmp</c>, <c>quicktime</c>, <c>gps-time</c> (EXIF GPS UTC time vs. wall clock), or null.</param>
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

    public string? UtcOffsetSource { get; init; }

    /// <summary>Why reading stopped early (the exception's type and message), or null when the file was read through.</summary>
    public string? Problem { get; init; }
}
