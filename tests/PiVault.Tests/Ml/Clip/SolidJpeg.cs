using System.Text;
using PiVault.Native.Vips;

namespace PiVault.Tests.Ml.Clip;

/// <summary>JPEG previews of known colours: a binary PPM written here, encoded by libvips at quality 95.</summary>
public static class SolidJpeg
{
    public static byte[] Of(int width, int height, (byte R, byte G, byte B) colour) => TwoColours(width, height, colour, colour);

    /// <summary>The left half in <paramref name="left"/>, the right half in <paramref name="right"/>.</summary>
    public static byte[] TwoColours(int width, int height, (byte R, byte G, byte B) left, (byte R, byte G, byte B) right)
    {
        VipsLibrary.TryInitialize(out _);
        var header = Encoding.ASCII.GetBytes($"P6\n{width} {height}\n255\n");
        var ppm = new byte[header.Length + width * height * 3];
        header.CopyTo(ppm, 0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = x < width / 2 ? left : right;
                var at = header.Length + (y * width + x) * 3;
                (ppm[at], ppm[at + 1], ppm[at + 2]) = (r, g, b);
            }
        }
        using var image = VipsImage.Decode(ppm);
        return image.SaveJpeg(95, optimizeCoding: false);
    }
}
