namespace PiVault.Server.Features.Media;

/// <summary>
/// Finds the JPEG a camera embedded in its RAW file, so RAW assets get thumbnails without decoding sensor data.
/// </summary>
public interface IRawPreviewExtractor
{
    /// <summary>
    /// Returns the largest usable embedded JPEG of the RAW file at <paramref name="path"/>, or null when the file
    /// has none (or is not a RAW container this extractor knows). Never throws for malformed content; I/O errors
    /// opening the file (missing, unreadable) propagate.
    /// </summary>
    RawPreview? Extract(string path);
}

/// <summary>An embedded preview: a complete baseline or progressive JPEG (SOI to EOI).</summary>
/// <param name="Jpeg">The JPEG bytes, trimmed to end at its EOI marker.</param>
/// <param name="Orientation">
/// The EXIF orientation (1–8) that applies to the preview's pixels: the RAW's own IFD0 orientation when it has one,
/// else the orientation in the preview's own EXIF block, else null. Camera previews are stored as the sensor saw
/// them, so the thumbnailer should apply this value rather than any orientation inside <paramref name="Jpeg"/>.
/// </param>
public sealed record RawPreview(byte[] Jpeg, int? Orientation)
{
    /// <summary>Width in pixels from the JPEG's frame header, before orientation (0 when not known).</summary>
    public int Width { get; init; }

    /// <summary>Height in pixels from the JPEG's frame header, before orientation (0 when not known).</summary>
    public int Height { get; init; }

    /// <summary>The preview to decode: <see cref="Jpeg"/> carrying <see cref="Orientation"/> as its only EXIF, so it is shown upright.</summary>
    public byte[] OrientedJpeg() => Orientation is { } orientation ? JpegOrientationWriter.WithOrientation(Jpeg, orientation) : Jpeg;
}
