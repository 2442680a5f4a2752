using PiVault.Native.Vips;

namespace PiVault.Tests.Duplicates;

/// <summary>
/// The copies of a photo a household ends up with, made with libvips from the photo turned upright (its orientation
/// applied) and at most <see cref="BaseSide"/> pixels long: resized to half, recompressed as JPEG Q30, cropped, and
/// re-encoded as PNG. Shared with bench/duplicates.
/// </summary>
internal static class PhotoVariants
{
    public const int BaseSide = 2048;

    public static readonly string[] Names = ["resized-50", "jpeg-q30", "cropped-3", "png"];

    /// <summary>Every variant of the photo at <paramref name="path"/>, by name.</summary>
    public static Dictionary<string, byte[]> Of(string path, double cropFraction = 0.03)
    {
        if (!VipsLibrary.IsAvailable && !VipsLibrary.TryInitialize(out var error))
        {
            throw new InvalidOperationException(error);
        }
        using var upright = Upright(path);
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["resized-50"] = Saved(upright.Resize(0.5, 0.5, "lanczos3"), i => i.SaveJpeg(90, false)),
            ["jpeg-q30"] = upright.SaveJpeg(30, false),
            ["cropped-3"] = Saved(Cropped(upright, cropFraction), i => i.SaveJpeg(90, false)),
            ["png"] = Png(upright),
        };
    }

    /// <summary>A crop that cuts <paramref name="fraction"/> of the width and of the height away, half from each edge.</summary>
    public static VipsImage Cropped(VipsImage image, double fraction)
    {
        var dx = (int)Math.Round(image.Width * fraction / 2);
        var dy = (int)Math.Round(image.Height * fraction / 2);
        return image.Crop(dx, dy, image.Width - 2 * dx, image.Height - 2 * dy);
    }

    public static VipsImage Upright(string path)
    {
        using var source = EncodedImage.FromFile(path);
        using var small = source.Thumbnail(BaseSide, BaseSide, FailOn.None, exportProfile: null);
        using var flat = small.HasAlpha ? small.Flatten(255) : null;
        using var srgb = (flat ?? small).ToSrgb();
        return srgb.CopyMemory();
    }

    public static byte[] Png(VipsImage image)
    {
        using var operation = VipsOperation.Create("pngsave_buffer").Set("in", image).Set("compression", 6);
        operation.Run();
        return operation.GetBlob("buffer");
    }

    private static byte[] Saved(VipsImage image, Func<VipsImage, byte[]> save)
    {
        using (image)
        {
            return save(image);
        }
    }
}
