using System.Numerics;

namespace PiVault.Ml.Ocr;

/// <summary>
/// Cuts a text box out of the picture, straightened: the box's corners are mapped onto an upright rectangle of a fixed
/// height (the recogniser's 48 px), sampling bilinearly inside the quad. A box much taller than wide is vertical text
/// and is turned a quarter (as PaddleOCR's get_rotate_crop_image does).
/// </summary>
public static class QuadCrop
{
    /// <summary>Crops longer than this many heights are cut off at the right (a 48 px line of ~60 characters).</summary>
    public const int MaxAspect = 40;

    public static RgbFrame Straighten(RgbFrame picture, Quad box, int height)
    {
        if (box.Height >= box.Width * 1.5f)
        {
            box = box.StartingAtTopRight();
        }
        var (boxWidth, boxHeight) = (MathF.Max(1, box.Width), MathF.Max(1, box.Height));
        var width = Math.Clamp((int)MathF.Ceiling(height * boxWidth / boxHeight), 1, height * MaxAspect);
        // Shrinking a large box: average several samples per output pixel so thin strokes do not alias away.
        var samples = Math.Clamp((int)MathF.Ceiling(boxHeight / height), 1, 4);
        var pixels = new byte[width * height * 3];
        Span<float> sum = stackalloc float[3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                sum.Clear();
                for (var j = 0; j < samples; j++)
                {
                    for (var i = 0; i < samples; i++)
                    {
                        var at = Inside(box, (x + ((i + 0.5f) / samples)) / width, (y + ((j + 0.5f) / samples)) / height);
                        for (var c = 0; c < 3; c++)
                        {
                            sum[c] += picture.Sample(at.X, at.Y, c);
                        }
                    }
                }
                var to = ((y * width) + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    pixels[to + c] = (byte)Math.Clamp(MathF.Round(sum[c] / (samples * samples)), 0, 255);
                }
            }
        }
        return new RgbFrame(width, height, pixels);
    }

    /// <summary>The point at (<paramref name="s"/>, <paramref name="t"/>) of the unit square mapped bilinearly onto the quad.</summary>
    private static Vector2 Inside(Quad box, float s, float t)
    {
        var top = Vector2.Lerp(box.TopLeft, box.TopRight, s);
        var bottom = Vector2.Lerp(box.BottomLeft, box.BottomRight, s);
        return Vector2.Lerp(top, bottom, t);
    }
}
