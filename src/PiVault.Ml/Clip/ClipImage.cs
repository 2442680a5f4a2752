namespace PiVault.Ml.Clip;

/// <summary>
/// The geometry and arithmetic of CLIP's image preprocessing, apart from the decoder: how much to scale a photo and
/// where to cut the centre square, and the 8-bit RGB → normalised CHW float tensor step.
/// </summary>
public static class ClipImage
{
    /// <summary>
    /// "shortest": one scale that brings the short side to <paramref name="size"/> (both axes, so the aspect is kept),
    /// then the centred size × size square, its offset rounded as torchvision's CenterCrop does. "squash": each axis to size.
    /// </summary>
    public static (double ScaleX, double ScaleY, int Left, int Top) Fit(int width, int height, ClipPreprocess preprocess)
    {
        var size = preprocess.Size;
        if (string.Equals(preprocess.ResizeMode, "squash", StringComparison.OrdinalIgnoreCase))
        {
            return ((double)size / width, (double)size / height, 0, 0);
        }
        var scale = (double)size / Math.Min(width, height);
        // The resized sides as the resizer rounds them: the short side is exactly size.
        var resizedWidth = width <= height ? size : (int)Math.Round(width * scale);
        var resizedHeight = width <= height ? (int)Math.Round(height * scale) : size;
        return (scale, scale, (int)Math.Round((resizedWidth - size) / 2.0), (int)Math.Round((resizedHeight - size) / 2.0));
    }

    /// <summary>The libvips kernel for a preprocess_cfg interpolation name.</summary>
    public static string Kernel(string interpolation) => interpolation.ToLowerInvariant() switch
    {
        "bicubic" => "cubic",
        "bilinear" => "linear",
        "nearest" => "nearest",
        "lanczos" => "lanczos3",
        var other => throw new InvalidDataException($"preprocess_cfg.json asks for interpolation '{other}', which PiVault does not know."),
    };

    /// <summary>
    /// Interleaved 8-bit RGB (size × size × 3, as libvips writes it) → [3, size, size] floats: x / 255, minus the
    /// channel's mean, divided by its std.
    /// </summary>
    public static float[] ToTensor(ReadOnlySpan<byte> rgb, ClipPreprocess preprocess)
    {
        var plane = preprocess.Size * preprocess.Size;
        if (rgb.Length != plane * 3)
        {
            throw new ArgumentException($"Expected {plane * 3} bytes of {preprocess.Size}x{preprocess.Size} RGB, got {rgb.Length}.", nameof(rgb));
        }
        var tensor = new float[plane * 3];
        for (var channel = 0; channel < 3; channel++)
        {
            var mean = preprocess.Mean[channel];
            var scale = 1f / (255f * preprocess.Std[channel]);
            var offset = mean / preprocess.Std[channel];
            var target = tensor.AsSpan(channel * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                target[i] = rgb[i * 3 + channel] * scale - offset;
            }
        }
        return tensor;
    }

    /// <summary>Scales <paramref name="vector"/> to unit length in place (a zero vector stays zero).</summary>
    public static float[] Normalise(float[] vector)
    {
        var sum = 0.0;
        foreach (var x in vector)
        {
            sum += (double)x * x;
        }
        if (sum > 0)
        {
            var inverse = (float)(1 / Math.Sqrt(sum));
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] *= inverse;
            }
        }
        return vector;
    }
}
