namespace PiVault.Native.Vips;

/// <summary>
/// A decoded picture as interleaved 8-bit sRGB (R, G, B per pixel, rows top to bottom): what the ML features read
/// from an asset's preview, which the thumbnail step already oriented and sized, so the original is never decoded again.
/// </summary>
public sealed record RgbPixels(int Width, int Height, byte[] Pixels)
{
    /// <summary>
    /// Decodes an image file (the preview JPEG) into sRGB pixels: alpha flattened onto white, grey or 16-bit turned into
    /// 8-bit RGB. Throws <see cref="VipsException"/> when the file cannot be decoded.
    /// </summary>
    public static RgbPixels Decode(string path)
    {
        using var source = EncodedImage.FromFile(path);
        using var loaded = source.Load(FailOn.Error);
        using var flat = loaded.HasAlpha ? loaded.Flatten(255) : loaded.CopyMemory();
        using var srgb = flat.ToSrgb();
        if (srgb.Bands != 3 || !srgb.IsUchar)
        {
            throw new VipsException($"{path} decodes to {srgb.Bands} bands, not 8-bit RGB");
        }
        return new RgbPixels(srgb.Width, srgb.Height, srgb.WriteToMemory());
    }
}
