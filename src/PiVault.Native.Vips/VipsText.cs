namespace PiVault.Native.Vips;

/// <summary>
/// libvips' text operation (Pango): renders text, Pango markup allowed, as a one-band 8-bit coverage mask, 255 where
/// the glyphs are, tightly cropped to the ink. For tests and tools that need pictures of known text.
/// </summary>
internal static class VipsText
{
    /// <param name="markup">The text, or Pango markup such as <c>&lt;b&gt;Exit&lt;/b&gt;</c>.</param>
    /// <param name="font">A Pango font description: family, style and size in points, e.g. "DejaVu Sans Bold 40".</param>
    /// <returns>The mask's size and its bytes, row by row.</returns>
    public static (int Width, int Height, byte[] Mask) Render(string markup, string font, int dpi = 72)
    {
        using var operation = VipsOperation.Create("text").Set("text", markup).Set("font", font).Set("dpi", dpi);
        operation.Run();
        using var image = operation.GetImage("out");
        return (image.Width, image.Height, image.WriteToMemory());
    }
}
