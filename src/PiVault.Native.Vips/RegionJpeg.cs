namespace PiVault.Native.Vips;

/// <summary>A square region of an encoded image, scaled to a square JPEG (a person's face picture).</summary>
public static class RegionJpeg
{
    /// <summary>
    /// Decodes <paramref name="encoded"/>, cuts the square <paramref name="region"/> chooses from the image's width and
    /// height (left, top, side; kept inside the image), and encodes it at <paramref name="size"/> px. Throws
    /// <see cref="MediaDecodeException"/> for bytes libvips cannot read.
    /// </summary>
    public static byte[] Square(ReadOnlySpan<byte> encoded, Func<int, int, (int Left, int Top, int Side)> region, int size, int quality = 85)
    {
        using var image = VipsImage.Decode(encoded);
        var (left, top, side) = region(image.Width, image.Height);
        using var crop = image.Crop(left, top, side, side);
        using var small = crop.ThumbnailImage(size, size);
        return small.SaveJpeg(quality, optimizeCoding: true);
    }
}
