namespace PiVault.Native.Vips.ModelInput;

/// <summary>
/// A model's square 8-bit RGB input cut from an encoded image (a stored preview): decoded, alpha flattened onto
/// white, converted to sRGB, scaled per axis with the model's kernel, and the square at the given offset extracted.
/// The caller decides the geometry from the decoded size (e.g. CLIP's "short side to S, centre crop").
/// </summary>
public static class SquareRgb
{
    /// <param name="fit">From the decoded width and height: the scale of each axis and the square's top-left in the scaled image.</param>
    /// <returns><paramref name="size"/> × <paramref name="size"/> × 3 bytes, interleaved RGB, row by row.</returns>
    /// <exception cref="InvalidDataException">The image cannot be decoded or does not yield the square.</exception>
    public static byte[] From(ReadOnlySpan<byte> encoded, int size, string kernel, Func<int, int, (double ScaleX, double ScaleY, int Left, int Top)> fit)
    {
        try
        {
            using var decoded = VipsImage.Decode(encoded);
            using var flat = decoded.HasAlpha ? decoded.Flatten(255) : null;
            using var srgb = (flat ?? decoded).ToSrgb();
            var (scaleX, scaleY, left, top) = fit(srgb.Width, srgb.Height);
            using var resized = srgb.Resize(scaleX, scaleY, kernel);
            // libvips rounds the scaled sides itself: keep the square inside what it made.
            left = Math.Clamp(left, 0, Math.Max(0, resized.Width - size));
            top = Math.Clamp(top, 0, Math.Max(0, resized.Height - size));
            using var square = resized.Crop(left, top, Math.Min(size, resized.Width), Math.Min(size, resized.Height));
            if (square.Width != size || square.Height != size || square.Bands != 3 || !square.IsUchar)
            {
                throw new InvalidDataException($"The image gave a {square.Width}x{square.Height}x{square.Bands} square, not {size}x{size} 8-bit RGB.");
            }
            return square.WriteToMemory();
        }
        catch (VipsException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }
}
