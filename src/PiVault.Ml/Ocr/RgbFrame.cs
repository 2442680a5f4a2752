namespace PiVault.Ml.Ocr;

/// <summary>
/// An 8-bit RGB picture as interleaved bytes (R, G, B per pixel, rows top to bottom, no padding): the preview as libvips
/// decodes it, and the crops OCR cuts from it.
/// </summary>
public sealed class RgbFrame
{
    public RgbFrame(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"{width}x{height} RGB needs {width * height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    /// <summary>Channel <paramref name="channel"/> at a real-valued position, bilinear, with edge pixels repeated outside.</summary>
    public float Sample(float x, float y, int channel)
    {
        x = Math.Clamp(x, 0, Width - 1);
        y = Math.Clamp(y, 0, Height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, Width - 1);
        var y1 = Math.Min(y0 + 1, Height - 1);
        var fx = x - x0;
        var fy = y - y0;
        var top = At(x0, y0, channel) + ((At(x1, y0, channel) - At(x0, y0, channel)) * fx);
        var bottom = At(x0, y1, channel) + ((At(x1, y1, channel) - At(x0, y1, channel)) * fx);
        return top + ((bottom - top) * fy);
    }

    private float At(int x, int y, int channel) => Pixels[(((y * Width) + x) * 3) + channel];

    /// <summary>
    /// Writes the picture scaled to <paramref name="width"/> x <paramref name="height"/> into a planar CHW tensor
    /// normalised as PaddleOCR's models expect, (v / 255 - 0.5) / 0.5, at column offset 0 of a tensor
    /// <paramref name="tensorWidth"/> wide; the rest of each row is left as it is (zero: PaddleOCR's padding).
    /// </summary>
    public void WriteNormalised(Span<float> tensor, int width, int height, int tensorWidth) =>
        WritePlanes(tensor, width, height, tensorWidth, height, PixelScaling.PaddleOcr);

    /// <summary>
    /// Writes the picture scaled (bilinear) to <paramref name="width"/> x <paramref name="height"/> into the top-left of
    /// a planar CHW tensor of <paramref name="tensorWidth"/> x <paramref name="tensorHeight"/> per channel, each value
    /// (v - mean) / std in the channel order <paramref name="scaling"/> names; the rest is left as it is (zero padding).
    /// </summary>
    public void WritePlanes(Span<float> tensor, int width, int height, int tensorWidth, int tensorHeight, PixelScaling scaling)
    {
        var plane = tensorWidth * tensorHeight;
        var scaleX = (float)Width / width;
        var scaleY = (float)Height / height;
        var factor = 1f / scaling.Std;
        var offset = scaling.Mean / scaling.Std;
        for (var y = 0; y < height; y++)
        {
            // Pixel centres aligned as OpenCV's INTER_LINEAR does, so the scaled picture is not shifted by half a pixel.
            var sy = ((y + 0.5f) * scaleY) - 0.5f;
            for (var x = 0; x < width; x++)
            {
                var sx = ((x + 0.5f) * scaleX) - 0.5f;
                var at = (y * tensorWidth) + x;
                for (var c = 0; c < 3; c++)
                {
                    var target = scaling.Bgr ? 2 - c : c;
                    tensor[(target * plane) + at] = (Sample(sx, sy, c) * factor) - offset;
                }
            }
        }
    }

    /// <summary>The same picture turned by 180 degrees (text the classifier found upside down).</summary>
    public RgbFrame Rotated180()
    {
        var turned = new byte[Pixels.Length];
        var count = Width * Height;
        for (var i = 0; i < count; i++)
        {
            var from = i * 3;
            var to = (count - 1 - i) * 3;
            turned[to] = Pixels[from];
            turned[to + 1] = Pixels[from + 1];
            turned[to + 2] = Pixels[from + 2];
        }
        return new RgbFrame(Width, Height, turned);
    }
}

/// <summary>How a model wants its 8-bit pixels: (v - <see cref="Mean"/>) / <see cref="Std"/>, in RGB or BGR plane order.</summary>
public readonly record struct PixelScaling(float Mean, float Std, bool Bgr = false)
{
    /// <summary>PaddleOCR: (v / 255 - 0.5) / 0.5, RGB.</summary>
    public static PixelScaling PaddleOcr { get; } = new(127.5f, 127.5f);
}
