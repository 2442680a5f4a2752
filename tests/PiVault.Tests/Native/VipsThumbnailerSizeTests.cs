using PiVault.Native.Vips;
using static PiVault.Tests.Native.ThumbnailAssertions;

namespace PiVault.Tests.Native;

public sealed class VipsThumbnailerSizeTests
{
    [Theory]
    [InlineData("mei/jpg/Canon_EOS_450D.jpg", 4272, 2848)]
    [InlineData("immich-test-assets/albums/text/craft-beer.jpg", 6000, 4000)]
    [InlineData("exif-py/jpg/tests/Xiaomi_Mi_9T_KeyError.jpg", 3000, 4000)]
    public void A_large_jpeg_gets_a_1440_preview_and_a_250_thumbnail(string corpusPath, int displayedWidth, int displayedHeight)
    {
        var set = Generate(corpusPath);

        Assert.Equal((displayedWidth, displayedHeight), (set.SourceWidth, set.SourceHeight));
        HasShortSide(set.PreviewWidth, set.PreviewHeight, 1440, displayedWidth, displayedHeight);
        HasShortSide(set.ThumbnailWidth, set.ThumbnailHeight, 250, displayedWidth, displayedHeight);
        OutputsDecode(set);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Every_exif_orientation_comes_out_upright(int orientation)
    {
        var landscape = Generate($"exif-orientation-examples/Landscape_{orientation}.jpg");
        var portrait = Generate($"exif-orientation-examples/Portrait_{orientation}.jpg");

        Assert.Equal((1800, 1200, 1800, 1200, 375, 250), (landscape.SourceWidth, landscape.SourceHeight, landscape.PreviewWidth, landscape.PreviewHeight, landscape.ThumbnailWidth, landscape.ThumbnailHeight));
        Assert.Equal((1200, 1800, 1200, 1800, 250, 375), (portrait.SourceWidth, portrait.SourceHeight, portrait.PreviewWidth, portrait.PreviewHeight, portrait.ThumbnailWidth, portrait.ThumbnailHeight));
    }

    [Fact]
    public void Rotated_and_mirrored_variants_show_the_same_picture()
    {
        // Dimensions alone would pass a rotation by the wrong quarter turn; the pixels must match the upright file.
        var upright = AverageQuadrants(Generate("exif-orientation-examples/Landscape_1.jpg").ThumbnailWebp);
        Assert.True(upright.Max() - upright.Min() > 40, "the test picture needs distinct quadrants");
        for (var orientation = 2; orientation <= 8; orientation++)
        {
            var turned = AverageQuadrants(Generate($"exif-orientation-examples/Landscape_{orientation}.jpg").ThumbnailWebp);
            for (var quadrant = 0; quadrant < 4; quadrant++)
            {
                Assert.True(Math.Abs(upright[quadrant] - turned[quadrant]) < 8, $"orientation {orientation}, quadrant {quadrant}: {upright[quadrant]:F1} vs {turned[quadrant]:F1}");
            }
        }
    }

    [Theory]
    [InlineData("exiftool-t-images/PNG.png", 16, 16)]
    [InlineData("exiftool-t-images/GIF.gif", 8, 8)]
    [InlineData("exiftool-t-images/BMP.bmp", 8, 8)]
    [InlineData("exif-samples/tiff/Arbitro.tiff", 174, 38)]
    [InlineData("libvips-test/sample.png", 290, 442)]
    public void Small_images_are_never_enlarged(string corpusPath, int width, int height)
    {
        var set = Generate(corpusPath);

        Assert.Equal((width, height), (set.SourceWidth, set.SourceHeight));
        Assert.Equal((width, height), (set.PreviewWidth, set.PreviewHeight));
        var thumbnailShort = Math.Min(250, Math.Min(width, height));
        HasShortSide(set.ThumbnailWidth, set.ThumbnailHeight, thumbnailShort, width, height);
        OutputsDecode(set);
    }

    [Theory]
    [InlineData("skimage/coffee.png", 600, 400)]
    [InlineData("mei/png/Issue_356_dotnet.png", 1412, 2077)]
    [InlineData("mei/webp/Nikon_Coolpix_P7000.webp", 2736, 3648)] // EXIF orientation 6 in a WebP
    [InlineData("mei/webp/Alpha_Lossy_1.webp", 400, 301)]
    [InlineData("mei/webp/Animation_Lossy.webp", 320, 240)]
    [InlineData("exif-samples/tiff/BSG1.tiff", 635, 348)]
    [InlineData("immich-test-assets/formats/heic/IMG_2682.heic", 4032, 3024)]
    [InlineData("mei/heic/Issue_487.heic", 3024, 4032)]
    [InlineData("exif-samples/heic/IMG_5195.HEIC", 2566, 3313)]
    [InlineData("mei/avif/Issue_649.avif", 5472, 3648)]
    [InlineData("libheif/examples/example.heic", 1280, 854)]
    public void Other_photo_formats_produce_both_outputs(string corpusPath, int width, int height)
    {
        var set = Generate(corpusPath);

        Assert.Equal((width, height), (set.SourceWidth, set.SourceHeight));
        HasShortSide(set.PreviewWidth, set.PreviewHeight, Math.Min(1440, Math.Min(width, height)), width, height);
        HasShortSide(set.ThumbnailWidth, set.ThumbnailHeight, Math.Min(250, Math.Min(width, height)), width, height);
        OutputsDecode(set);
    }

    [Fact]
    public void Custom_sizes_are_honoured()
    {
        var set = Thumbnailer.Generate(PiVault.Tests.Infrastructure.Uploads.CorpusFile("mei/jpg/Canon_EOS_450D.jpg"), new ThumbnailSpec(ThumbnailShortSide: 100, PreviewShortSide: 700));

        Assert.Equal((150, 100), (set.ThumbnailWidth, set.ThumbnailHeight));
        Assert.Equal((1050, 700), (set.PreviewWidth, set.PreviewHeight));
    }

    [Theory]
    [InlineData(4000, 1440, 2)]
    [InlineData(3000, 1440, 2)]
    [InlineData(2880, 1440, 2)]
    [InlineData(2879, 1440, 1)]
    [InlineData(12000, 1440, 8)]
    [InlineData(6000, 1440, 4)]
    [InlineData(800, 1440, 1)]
    public void Jpeg_shrink_on_load_never_drops_below_the_target(int shortSide, int target, int expected)
    {
        Assert.Equal(expected, VipsThumbnailer.JpegShrink(shortSide, target));
    }

    /// <summary>Mean luminance of each quadrant (TL, TR, BL, BR).</summary>
    private static double[] AverageQuadrants(byte[] encoded)
    {
        using var image = VipsImage.Decode(encoded);
        var pixels = image.WriteToMemory();
        var (w, h, bands) = (image.Width, image.Height, image.Bands);
        var sums = new double[4];
        var counts = new int[4];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var quadrant = (y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1);
                var i = (y * w + x) * bands;
                sums[quadrant] += (pixels[i] + pixels[i + 1] + pixels[i + 2]) / 3.0;
                counts[quadrant]++;
            }
        }
        return [.. sums.Select((sum, q) => sum / counts[q])];
    }
}
