using System.Buffers.Binary;
using PiVault.Native.Vips;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Native.ThumbnailAssertions;

namespace PiVault.Tests.Native;

public sealed class VipsThumbnailerOutputTests
{
    [Theory]
    [InlineData("mei/jpg/Canon_EOS_450D.jpg")]
    [InlineData("immich-test-assets/formats/heic/IMG_2682.heic")]
    [InlineData("mei/webp/HTC_Desire.webp")]
    public void Outputs_carry_no_metadata(string corpusPath)
    {
        var set = Generate(corpusPath);

        Assert.Equal(["VP8X", "VP8 "], WebpChunks(set.ThumbnailWebp));
        Assert.Equal(0, set.ThumbnailWebp[20]); // VP8X flags: no ICC, EXIF or XMP
        var markers = JpegMarkersBeforeScan(set.PreviewJpeg);
        Assert.DoesNotContain(markers, marker => marker is >= 0xE1 and <= 0xEF); // APP1 (EXIF/XMP) … APP15, incl. APP2 ICC
        Assert.Contains(0xC0, markers); // baseline, not progressive
    }

    [Fact]
    public void Transparent_images_keep_alpha_in_the_thumbnail_and_are_flattened_on_white_in_the_preview()
    {
        var set = Generate("mei/webp/Alpha_Lossy_1.webp");

        using var thumbnail = VipsImage.Decode(set.ThumbnailWebp);
        Assert.True(thumbnail.HasAlpha);
        using var preview = VipsImage.Decode(set.PreviewJpeg);
        Assert.Equal(3, preview.Bands);
        Assert.True(ThumbHash.AverageColor(Convert.FromBase64String(set.ThumbHash)).A < 1);
    }

    [Theory]
    [InlineData("mei/jpg/Canon_EOS_450D.jpg")]
    [InlineData("skimage/coffee.png")]
    [InlineData("skimage/chelsea.png")]
    [InlineData("immich-test-assets/formats/heic/IMG_2682.heic")]
    public void ThumbHash_average_colour_matches_the_thumbnail(string corpusPath)
    {
        var set = Generate(corpusPath);

        var hashed = ThumbHash.AverageColor(Convert.FromBase64String(set.ThumbHash));
        var actual = AverageColor(set.ThumbnailWebp);
        Assert.Equal(actual.R, hashed.R, 0.06);
        Assert.Equal(actual.G, hashed.G, 0.06);
        Assert.Equal(actual.B, hashed.B, 0.06);
    }

    [Fact]
    public void ThumbHash_differs_between_pictures_and_repeats_for_the_same_one()
    {
        var first = Generate("skimage/coffee.png").ThumbHash;
        Assert.Equal(first, Generate("skimage/coffee.png").ThumbHash);
        Assert.NotEqual(first, Generate("skimage/chelsea.png").ThumbHash);
        Assert.InRange(Convert.FromBase64String(first).Length, 20, 30);
    }

    [Fact]
    public void Bytes_in_memory_give_the_same_outputs_as_the_file()
    {
        var path = Uploads.CorpusFile("exif-orientation-examples/Portrait_6.jpg");
        var fromFile = Thumbnailer.Generate(path, Spec);
        var fromBytes = Thumbnailer.Generate(File.ReadAllBytes(path), Spec);

        Assert.Equal(fromFile.ThumbnailWebp, fromBytes.ThumbnailWebp);
        Assert.Equal(fromFile.PreviewJpeg, fromBytes.PreviewJpeg);
        Assert.Equal(fromFile with { ThumbnailWebp = [], PreviewJpeg = [] }, fromBytes with { ThumbnailWebp = [], PreviewJpeg = [] });
    }

    [Fact]
    public void Quality_changes_the_encoded_size()
    {
        var path = Uploads.CorpusFile("mei/jpg/Canon_EOS_450D.jpg");
        var low = Thumbnailer.Generate(path, new ThumbnailSpec(ThumbnailQuality: 30, PreviewQuality: 30));
        var high = Thumbnailer.Generate(path, new ThumbnailSpec(ThumbnailQuality: 95, PreviewQuality: 95));

        Assert.True(low.ThumbnailWebp.Length * 2 < high.ThumbnailWebp.Length, $"{low.ThumbnailWebp.Length} vs {high.ThumbnailWebp.Length}");
        Assert.True(low.PreviewJpeg.Length * 2 < high.PreviewJpeg.Length, $"{low.PreviewJpeg.Length} vs {high.PreviewJpeg.Length}");
    }

    [Fact]
    public void Invalid_specs_are_refused()
    {
        var path = Uploads.CorpusFile("exiftool-t-images/PNG.png");
        Assert.Throws<ArgumentOutOfRangeException>(() => Thumbnailer.Generate(path, new ThumbnailSpec(ThumbnailShortSide: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Thumbnailer.Generate(path, new ThumbnailSpec(PreviewQuality: 101)));
    }

    private static List<string> WebpChunks(byte[] webp)
    {
        var chunks = new List<string>();
        for (var offset = 12; offset + 8 <= webp.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(offset + 4));
            chunks.Add(System.Text.Encoding.ASCII.GetString(webp, offset, 4));
            offset += 8 + size + (size & 1);
        }
        return chunks;
    }

    private static List<int> JpegMarkersBeforeScan(byte[] jpeg)
    {
        var markers = new List<int>();
        for (var offset = 2; offset + 4 <= jpeg.Length && jpeg[offset] == 0xFF;)
        {
            var marker = jpeg[offset + 1];
            markers.Add(marker);
            if (marker == 0xDA)
            {
                break;
            }
            offset += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(offset + 2));
        }
        return markers;
    }
}
