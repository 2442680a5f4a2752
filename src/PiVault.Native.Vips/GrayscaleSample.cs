namespace PiVault.Native.Vips;

/// <summary>
/// A photo squeezed into a tiny grey square: what perceptual hashing compares. The picture is decoded with
/// shrink-on-load (so a 1440 px preview costs a fraction of a full decode), turned upright by its orientation tag,
/// flattened over white, converted to sRGB, then resized to exactly <c>side × side</c> ignoring the aspect ratio
/// (a 3 % crop or a different aspect then moves few pixels), and reduced to luma (Rec. 601 weights).
/// </summary>
/// <remarks>Thread-safe: every call builds its own pipeline.</remarks>
public static class GrayscaleSample
{
    /// <summary>The long side the decode shrinks to before the exact resize: big enough to average away JPEG blocks.</summary>
    private const int DecodeSide = 256;

    /// <summary>Luma of the encoded file at <paramref name="path"/>, row by row, <paramref name="side"/>² bytes.</summary>
    /// <exception cref="MediaDecodeException">The file is not a decodable image.</exception>
    public static byte[] FromFile(string path, int side)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Sampling(() => EncodedImage.FromFile(path), side);
    }

    /// <summary>The same from encoded bytes (a preview in memory, a test's re-encoded copy).</summary>
    /// <exception cref="MediaDecodeException">The bytes are not a decodable image.</exception>
    public static byte[] FromBytes(ReadOnlyMemory<byte> encoded, int side)
    {
        if (encoded.IsEmpty)
        {
            throw new MediaDecodeException("empty image data");
        }
        return Sampling(() => EncodedImage.FromBytes(encoded.Span), side);
    }

    private static byte[] Sampling(Func<EncodedImage> open, int side)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(side, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(side, DecodeSide);
        if (!VipsLibrary.IsAvailable && !VipsLibrary.TryInitialize(out var error))
        {
            throw new InvalidOperationException(error);
        }
        using var work = VipsErrorBuffer.BeginWork();
        try
        {
            using var source = open();
            using var small = source.Thumbnail(DecodeSide, DecodeSide, FailOn.Truncated, exportProfile: null);
            using var flat = small.HasAlpha ? small.Flatten(255) : null;
            using var srgb = (flat ?? small).ToSrgb();
            using var square = srgb.Resize((double)side / srgb.Width, (double)side / srgb.Height, "linear");
            using var fitted = square.Width == side && square.Height == side ? null : square.Crop(0, 0, side, side);
            var target = fitted ?? square;
            return Luma(target.WriteToMemory(), target.Bands, side * side);
        }
        catch (VipsException e)
        {
            throw new MediaDecodeException(e.Message);
        }
    }

    /// <summary>Rec. 601 luma of interleaved sRGB pixels (3 or 4 bands; 1–2 bands are grey already).</summary>
    private static byte[] Luma(byte[] pixels, int bands, int count)
    {
        var luma = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var p = i * bands;
            luma[i] = bands < 3
                ? pixels[p]
                : (byte)Math.Clamp((299 * pixels[p] + 587 * pixels[p + 1] + 114 * pixels[p + 2] + 500) / 1000, 0, 255);
        }
        return luma;
    }
}
