namespace PiVault.Native.Vips;

/// <summary>
/// The libvips thumbnailer. Per photo: read the header (cheap, lazy) for the displayed size; decode once
/// with shrink-on-load straight to the preview size, upright and sRGB, into memory; encode the JPEG preview
/// from it; resize that to the WebP thumbnail; resize the thumbnail to ≤ 100 px for the ThumbHash.
/// </summary>
/// <remarks>
/// Thread-safe: every call builds its own pipelines. Truncated files fail (fail_on=truncated) instead of
/// producing grey rows; milder damage (a flipped bit, a missing end marker) decodes as well as it can.
/// </remarks>
public sealed class VipsThumbnailer : IThumbnailer
{
    /// <summary>Sources above this many pixels are refused before decoding (corrupt or hostile headers).</summary>
    public const long MaxSourcePixels = 300_000_000;

    /// <summary>Loader type-name prefixes of the formats PiVault accepts (libjpeg, libpng/libspng, libwebp, nsgif, libtiff, libheif, libjxl).</summary>
    private static readonly string[] SupportedLoaders =
    [
        "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadSpng", "VipsForeignLoadWebp", "VipsForeignLoadGif",
        "VipsForeignLoadNsgif", "VipsForeignLoadTiff", "VipsForeignLoadHeif", "VipsForeignLoadJxl",
    ];

    private static ReadOnlySpan<byte> JpegEndMarker => [0xFF, 0xD9];
    private const string SrgbProfile = "srgb";

    /// <param name="webpEffort">WebP encoder effort 0–6 (libvips' default is 4).</param>
    /// <param name="jpegOptimizeCoding">
    /// Optimised Huffman tables: previews ~3 % smaller, but the JPEG encode takes about twice as long (a
    /// tenth of the whole job). Off by default: on a Pi the CPU, not the disk, limits an import.
    /// </param>
    /// <param name="budget">Decode memory shared by every call (see <see cref="DecodeMemoryBudget"/>); sized from this machine when null.</param>
    /// <exception cref="InvalidOperationException">libvips cannot be loaded; the message says how to install it.</exception>
    public VipsThumbnailer(int webpEffort = 4, bool jpegOptimizeCoding = false, DecodeMemoryBudget? budget = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(webpEffort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(webpEffort, 6);
        if (!VipsLibrary.IsAvailable && !VipsLibrary.TryInitialize(out var error))
        {
            throw new InvalidOperationException(error);
        }
        WebpEffort = webpEffort;
        JpegOptimizeCoding = jpegOptimizeCoding;
        Budget = budget ?? DecodeMemoryBudget.ForThisMachine();
    }

    public DecodeMemoryBudget Budget { get; }

    public int WebpEffort { get; }

    public bool JpegOptimizeCoding { get; }

    public ThumbnailSet Generate(string sourcePath, ThumbnailSpec spec)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        Validate(spec);
        if (!File.Exists(sourcePath))
        {
            throw new FileNotFoundException("No such media file.", sourcePath);
        }
        return Decoding(() => EncodedImage.FromFile(sourcePath), spec);
    }

    public ThumbnailSet Generate(ReadOnlyMemory<byte> encodedImage, ThumbnailSpec spec)
    {
        Validate(spec);
        if (encodedImage.IsEmpty)
        {
            throw new MediaDecodeException("empty image data");
        }
        return Decoding(() => EncodedImage.FromBytes(encodedImage.Span), spec);
    }

    private ThumbnailSet Decoding(Func<EncodedImage> open, ThumbnailSpec spec)
    {
        using var work = VipsErrorBuffer.BeginWork();
        try
        {
            using var source = open();
            RequireSupportedFormat(source);
            try
            {
                return Generate(source, spec, FailOn.Truncated);
            }
            catch (VipsException) when (source.IsJpeg && !source.Tail(2).AsSpan().SequenceEqual(JpegEndMarker))
            {
                var repaired = GenerateWithEndMarker(source, spec);
                if (repaired is null)
                {
                    throw;
                }
                return repaired;
            }
        }
        catch (VipsException e)
        {
            throw new MediaDecodeException(e.Message);
        }
        finally
        {
            VipsWorkerPriority.Apply();
        }
    }

    /// <summary>
    /// Some writers leave the JPEG end marker off a complete image, which libjpeg reports like a truncation.
    /// Append it and decode strictly (any warning fails): a complete image now decodes cleanly, while a
    /// really truncated one hits the marker mid-scan, warns, and keeps its original error (null here).
    /// </summary>
    private ThumbnailSet? GenerateWithEndMarker(EncodedImage source, ThumbnailSpec spec)
    {
        byte[] repaired = [.. source.ReadAll(), .. JpegEndMarker];
        try
        {
            using var repairedSource = EncodedImage.FromBytes(repaired);
            return Generate(repairedSource, spec, FailOn.Warning);
        }
        catch (VipsException)
        {
            return null;
        }
    }

    /// <summary>
    /// Photo formats only. Debian's libvips would also hand PDFs, SVGs, videos and whatever ImageMagick
    /// recognises (through delegates such as ffmpeg) to the magick loader: a large attack surface for
    /// uploaded files. ImageMagick is used for BMP alone, recognised by its own magic bytes.
    /// </summary>
    private static void RequireSupportedFormat(EncodedImage source)
    {
        if (SupportedLoaders.Any(prefix => source.Loader.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return;
        }
        if (source.Loader.StartsWith("VipsForeignLoadMagick", StringComparison.Ordinal) && source.Head(2).AsSpan().SequenceEqual("BM"u8))
        {
            return;
        }
        throw new VipsException($"unsupported image format ({source.Loader})");
    }

    private ThumbnailSet Generate(EncodedImage source, ThumbnailSpec spec, FailOn failOn)
    {
        var header = ReadHeader(source, failOn, spec);
        var (sourceWidth, sourceHeight) = (header.Width, header.Height);
        using var reservation = Budget.Reserve(header.Shape); // refuses a bomb here, before any pixel is decoded
        using var preview = DecodePreview(source, header, spec.PreviewShortSide, failOn);
        var previewJpeg = EncodePreview(preview, spec.PreviewQuality);

        var (thumbBoxWidth, thumbBoxHeight) = ShortSideBox(preview.Width, preview.Height, spec.ThumbnailShortSide);
        using var thumbnailLazy = preview.ThumbnailImage(thumbBoxWidth, thumbBoxHeight);
        using var thumbnail = thumbnailLazy.CopyMemory();
        thumbnail.RemoveMetadata();
        var thumbnailWebp = WebpMetadata.Strip(thumbnail.SaveWebp(spec.ThumbnailQuality, WebpEffort));

        return new ThumbnailSet(
            thumbnailWebp, thumbnail.Width, thumbnail.Height,
            previewJpeg, preview.Width, preview.Height,
            sourceWidth, sourceHeight,
            Convert.ToBase64String(HashOf(thumbnail)));
    }

    /// <summary>What the header says: the displayed size, and whether colours need an ICC conversion.</summary>
    private readonly record struct SourceHeader(int Width, int Height, string? ExportProfile, DecodeShape Shape);

    /// <summary>
    /// Reads the header alone (no pixels) and refuses absurd sizes before anything is decoded. Colours go
    /// through Little CMS to sRGB only when the embedded profile is not already sRGB (Display P3 from phones,
    /// Adobe RGB, CMYK); images without a profile are taken as sRGB. The header also gives what the decode will hold in
    /// memory (<see cref="DecodeShape"/>): bands, bit depth, interlacing.
    /// </summary>
    private static SourceHeader ReadHeader(EncodedImage source, FailOn failOn, ThumbnailSpec spec)
    {
        using var header = source.Load(failOn);
        var (width, height) = header.OrientedSize;
        if ((long)width * height > MaxSourcePixels)
        {
            throw new VipsException($"image too large: {width}x{height} exceeds {MaxSourcePixels} pixels");
        }
        var profile = header.IccProfile();
        var previewScale = Math.Min(1.0, (double)spec.PreviewShortSide / Math.Max(1, Math.Min(width, height)));
        var shape = new DecodeShape(source.Loader, header.Width, header.Height, header.Bands, header.BytesPerSample, header.IsInterlaced,
            (long)(width * previewScale * (height * previewScale)));
        return new SourceHeader(width, height, profile is null || IccProfile.IsSrgb(profile) ? null : SrgbProfile, shape);
    }

    /// <summary>
    /// JPEG: libjpeg decodes at the largest 1/2ⁿ scale that still covers the preview (the same block shrink
    /// sharp uses; libvips' own thumbnail keeps a 2× margin and would decode 12–24 MP photos at full size),
    /// then a Lanczos reduce hits the exact size. Other formats: libvips' thumbnail picks its shrink-on-load.
    /// </summary>
    private static VipsImage DecodePreview(EncodedImage source, SourceHeader header, int shortSide, FailOn failOn)
    {
        var (boxWidth, boxHeight) = ShortSideBox(header.Width, header.Height, shortSide);
        if (source.IsJpeg)
        {
            using var decoded = source.Load(failOn, JpegShrink(Math.Min(header.Width, header.Height), shortSide));
            using var resized = decoded.ThumbnailImage(boxWidth, boxHeight, header.ExportProfile);
            return Materialise(resized);
        }
        using var thumbnail = source.Thumbnail(boxWidth, boxHeight, failOn, header.ExportProfile);
        return Materialise(thumbnail);
    }

    /// <summary>
    /// Materialises the preview as 8-bit sRGB (thumbnail leaves 16-bit sources 16-bit) without metadata; the
    /// private memory copy is what makes removing fields safe.
    /// </summary>
    private static VipsImage Materialise(VipsImage image)
    {
        using var srgb = image.IsUchar ? null : image.ToSrgb();
        var copy = (srgb ?? image).CopyMemory();
        copy.RemoveMetadata();
        return copy;
    }

    private byte[] EncodePreview(VipsImage preview, int quality)
    {
        if (!preview.HasAlpha)
        {
            return preview.SaveJpeg(quality, JpegOptimizeCoding);
        }
        using var flat = preview.Flatten(255);
        return flat.SaveJpeg(quality, JpegOptimizeCoding);
    }

    private static byte[] HashOf(VipsImage thumbnail)
    {
        using var tiny = thumbnail.ThumbnailImage(ThumbHash.MaxSide, ThumbHash.MaxSide);
        var pixels = tiny.WriteToMemory();
        return ThumbHash.Encode(tiny.Width, tiny.Height, ToRgba(pixels, tiny.Bands));
    }

    /// <summary>Expands grey, grey+alpha and RGB pixels to RGBA.</summary>
    private static byte[] ToRgba(byte[] pixels, int bands)
    {
        if (bands == 4)
        {
            return pixels;
        }
        var count = pixels.Length / bands;
        var rgba = new byte[count * 4];
        for (var i = 0; i < count; i++)
        {
            var source = pixels.AsSpan(i * bands, bands);
            var grey = bands < 3;
            rgba[i * 4] = source[0];
            rgba[i * 4 + 1] = grey ? source[0] : source[1];
            rgba[i * 4 + 2] = grey ? source[0] : source[2];
            rgba[i * 4 + 3] = bands == 2 ? source[1] : (byte)255;
        }
        return rgba;
    }

    /// <summary>
    /// The largest libjpeg scale-down (1, 2, 4, 8) that keeps the short side at least <paramref name="target"/>,
    /// so the final resize only ever reduces.
    /// </summary>
    internal static int JpegShrink(int shortSide, int target)
    {
        var shrink = 8;
        while (shrink > 1 && shortSide / shrink < target)
        {
            shrink /= 2;
        }
        return shrink;
    }

    /// <summary>
    /// A fit-inside box whose short side is <paramref name="shortSide"/> and whose long side is unbounded, so the
    /// image's short side lands exactly on the target (with size=down, smaller images keep their size).
    /// </summary>
    internal static (int Width, int Height) ShortSideBox(int width, int height, int shortSide) =>
        width >= height ? (VipsImage.MaxCoordinate, shortSide) : (shortSide, VipsImage.MaxCoordinate);

    private static void Validate(ThumbnailSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.ThumbnailShortSide, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.PreviewShortSide, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.ThumbnailQuality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spec.ThumbnailQuality, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.PreviewQuality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spec.PreviewQuality, 100);
    }
}
