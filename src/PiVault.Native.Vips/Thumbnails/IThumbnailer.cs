namespace PiVault.Native.Vips;

/// <summary>Makes the two derived images of a photo (grid thumbnail and full-screen preview) and its ThumbHash.</summary>
/// <remarks>Implementations are thread-safe: the server calls <c>Generate</c> from several workers at once.</remarks>
public interface IThumbnailer
{
    /// <summary>One decode with shrink-on-load → both outputs.</summary>
    /// <exception cref="MediaDecodeException">The file is not a decodable image (corrupt, truncated, unknown format).</exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="sourcePath"/>.</exception>
    ThumbnailSet Generate(string sourcePath, ThumbnailSpec spec);

    /// <summary>The same from encoded bytes: RAW embedded JPEG previews, video poster frames.</summary>
    /// <exception cref="MediaDecodeException">The bytes are not a decodable image.</exception>
    ThumbnailSet Generate(ReadOnlyMemory<byte> encodedImage, ThumbnailSpec spec);
}

/// <summary>Output sizes (pixels on the short side, never enlarged) and encoder qualities (1–100).</summary>
public sealed record ThumbnailSpec(int ThumbnailShortSide = 250, int ThumbnailQuality = 80, int PreviewShortSide = 1440, int PreviewQuality = 80);

/// <summary>
/// The derived images: a WebP thumbnail and a JPEG preview, both upright (EXIF orientation applied), sRGB and
/// without metadata. Source dimensions are as displayed (after orientation). <see cref="ThumbHash"/> is the
/// base64 of the ThumbHash bytes.
/// </summary>
public sealed record ThumbnailSet(
    byte[] ThumbnailWebp,
    int ThumbnailWidth,
    int ThumbnailHeight,
    byte[] PreviewJpeg,
    int PreviewWidth,
    int PreviewHeight,
    int SourceWidth,
    int SourceHeight,
    string ThumbHash);

/// <summary>The media could not be decoded; the message is the decoder's, e.g. "VipsJpeg: premature end of JPEG image".</summary>
public sealed class MediaDecodeException(string message) : Exception(message);
