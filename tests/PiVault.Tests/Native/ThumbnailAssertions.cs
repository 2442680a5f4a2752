using PiVault.Native.Vips;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Native;

/// <summary>Shared by the native tests: one thumbnailer, and checks that read the outputs back.</summary>
internal static class ThumbnailAssertions
{
    public static readonly ThumbnailSpec Spec = new();

    /// <summary>Thread-safe by contract, so one instance serves every test.</summary>
    public static readonly VipsThumbnailer Thumbnailer = new();

    public static ThumbnailSet Generate(string corpusPath) => Thumbnailer.Generate(Uploads.CorpusFile(corpusPath), Spec);

    /// <summary>Checks the WebP and JPEG signatures, decodes both with the binding and compares the reported sizes.</summary>
    public static void OutputsDecode(ThumbnailSet set)
    {
        Assert.True(set.ThumbnailWebp.AsSpan(0, 4).SequenceEqual("RIFF"u8) && set.ThumbnailWebp.AsSpan(8, 4).SequenceEqual("WEBP"u8), "thumbnail is not WebP");
        Assert.True(set.PreviewJpeg.AsSpan(0, 3).SequenceEqual(new byte[] { 0xFF, 0xD8, 0xFF }), "preview is not JPEG");
        using var thumbnail = VipsImage.Decode(set.ThumbnailWebp);
        Assert.Equal((set.ThumbnailWidth, set.ThumbnailHeight), (thumbnail.Width, thumbnail.Height));
        using var preview = VipsImage.Decode(set.PreviewJpeg);
        Assert.Equal((set.PreviewWidth, set.PreviewHeight), (preview.Width, preview.Height));
        Assert.NotEmpty(set.ThumbHash);
    }

    /// <summary>Short side at the target (or the source's own when smaller), long side in proportion (±1 px).</summary>
    public static void HasShortSide(int width, int height, int expectedShortSide, int sourceWidth, int sourceHeight)
    {
        Assert.Equal(expectedShortSide, Math.Min(width, height));
        Assert.Equal(sourceWidth >= sourceHeight, width >= height);
        var expectedLong = (double)Math.Max(sourceWidth, sourceHeight) * expectedShortSide / Math.Min(sourceWidth, sourceHeight);
        Assert.InRange(Math.Max(width, height), expectedLong - 1, expectedLong + 1);
    }

    /// <summary>Mean R, G, B (0–1) of an encoded image, decoded with the binding.</summary>
    public static (double R, double G, double B) AverageColor(byte[] encoded)
    {
        using var image = VipsImage.Decode(encoded);
        var pixels = image.WriteToMemory();
        var bands = image.Bands;
        Assert.True(bands >= 3, $"expected colour pixels, got {bands} bands");
        double r = 0, g = 0, b = 0;
        var count = pixels.Length / bands;
        for (var i = 0; i < pixels.Length; i += bands)
        {
            r += pixels[i];
            g += pixels[i + 1];
            b += pixels[i + 2];
        }
        return (r / count / 255, g / count / 255, b / count / 255);
    }
}
