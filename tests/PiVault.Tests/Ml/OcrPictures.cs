using PiVault.Ml.Ocr;
using PiVault.Native.Vips;

namespace PiVault.Tests.Ml;

/// <summary>Pictures of known text for the OCR tests: text rendered by libvips (Pango) onto a plain canvas.</summary>
public sealed class OcrPictures
{
    private readonly byte[] pixels;

    public OcrPictures(int width, int height, byte background)
    {
        Assert.True(VipsLibrary.TryInitialize(out var error), error);
        (Width, Height) = (width, height);
        pixels = new byte[width * height * 3];
        Array.Fill(pixels, background);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Draws <paramref name="markup"/> in <paramref name="font"/> with its top-left at (x, y); returns the ink's rectangle.</summary>
    public (int X, int Y, int Width, int Height) Write(string markup, string font, int x, int y, byte ink)
    {
        var (w, h, mask) = VipsText.Render(markup, font);
        Assert.True(x + w <= Width && y + h <= Height, $"'{markup}' ({w}x{h}) does not fit at {x},{y}");
        for (var row = 0; row < h; row++)
        {
            for (var col = 0; col < w; col++)
            {
                var cover = mask[(row * w) + col] / 255f;
                var at = (((y + row) * Width) + x + col) * 3;
                for (var c = 0; c < 3; c++)
                {
                    pixels[at + c] = (byte)MathF.Round((pixels[at + c] * (1 - cover)) + (ink * cover));
                }
            }
        }
        return (x, y, w, h);
    }

    public RgbFrame Frame() => new(Width, Height, (byte[])pixels.Clone());

    /// <summary>The picture as a JPEG (quality 92), as a phone would upload it.</summary>
    public byte[] Jpeg()
    {
        // libvips reads a binary PPM from memory; that is the shortest way from raw RGB to an encoded image here.
        byte[] ppm = [.. System.Text.Encoding.ASCII.GetBytes($"P6\n{Width} {Height}\n255\n"), .. pixels];
        using var image = VipsImage.Decode(ppm);
        return image.SaveJpeg(92, optimizeCoding: false);
    }
}
