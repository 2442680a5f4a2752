using PiVault.Server.Features.Media;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Native;

namespace PiVault.Tests.Media;

/// <summary>
/// RAW previews get the RAW's orientation written into their EXIF, and the real thumbnailer then turns them upright,
/// exactly as it does for a JPEG taken with the camera on its side.
/// </summary>
public sealed class JpegOrientationWriterTests
{
    private readonly RawPreviewExtractor extractor = new();

    [Theory]
    [InlineData("file-type/fixture-sony-zv-e10.arw")]
    [InlineData("file-type/fixture-Leica-M10.dng")]
    [InlineData("file-type/fixture.cr3")]
    public void A_portrait_raw_preview_comes_out_upright(string corpusPath)
    {
        var preview = extractor.Extract(Uploads.CorpusFile(corpusPath))!;
        Assert.Equal((160, 120, 6), (preview.Width, preview.Height, preview.Orientation));

        var asStored = ThumbnailAssertions.Thumbnailer.Generate(preview.Jpeg, ThumbnailAssertions.Spec);
        var upright = ThumbnailAssertions.Thumbnailer.Generate(preview.OrientedJpeg(), ThumbnailAssertions.Spec);

        Assert.Equal((160, 120), (asStored.SourceWidth, asStored.SourceHeight));
        Assert.Equal((120, 160), (upright.SourceWidth, upright.SourceHeight));
        Assert.Equal((120, 160), (upright.PreviewWidth, upright.PreviewHeight));
    }

    [Theory]
    [InlineData(6, 1200, 1800)]
    [InlineData(3, 1800, 1200)]
    [InlineData(1, 1800, 1200)]
    public void The_written_orientation_replaces_the_one_the_jpeg_had(int orientation, int width, int height)
    {
        // Rotate 180 in its own EXIF, 1800 × 1200 stored.
        var jpeg = File.ReadAllBytes(Uploads.CorpusFile("exif-orientation-examples/Landscape_3.jpg"));

        var rewritten = JpegOrientationWriter.WithOrientation(jpeg, orientation);

        var set = ThumbnailAssertions.Thumbnailer.Generate(rewritten, ThumbnailAssertions.Spec);
        Assert.Equal((width, height), (set.SourceWidth, set.SourceHeight));
        Assert.Equal(1, CountExifSegments(rewritten));
        Assert.Equal(ScanData(jpeg), ScanData(rewritten)); // the pixels' bytes are untouched
    }

    [Fact]
    public void Orientation_1_and_8_keep_the_stored_and_turned_sizes()
    {
        var jpeg = File.ReadAllBytes(Uploads.CorpusFile("exif-orientation-examples/Portrait_8.jpg"));
        var stored = ThumbnailAssertions.Thumbnailer.Generate(JpegOrientationWriter.WithOrientation(jpeg, 1), ThumbnailAssertions.Spec);
        var turned = ThumbnailAssertions.Thumbnailer.Generate(JpegOrientationWriter.WithOrientation(jpeg, 8), ThumbnailAssertions.Spec);

        Assert.Equal((stored.SourceHeight, stored.SourceWidth), (turned.SourceWidth, turned.SourceHeight));
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47 })] // not a JPEG
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 0x45 })] // a segment running past the end
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x02 })] // no scan
    public void A_jpeg_it_cannot_walk_is_returned_unchanged(byte[] bytes)
    {
        Assert.Same(bytes, JpegOrientationWriter.WithOrientation(bytes, 6));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Only_the_eight_exif_orientations_are_written(int orientation) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegOrientationWriter.WithOrientation([0xFF, 0xD8], orientation));

    private static int CountExifSegments(byte[] jpeg)
    {
        var count = 0;
        for (var pos = 2; jpeg[pos + 1] != 0xDA; pos += 2 + (jpeg[pos + 2] << 8 | jpeg[pos + 3]))
        {
            count += jpeg[pos + 1] == 0xE1 && jpeg.AsSpan(pos + 4).StartsWith("Exif\0\0"u8) ? 1 : 0;
        }
        return count;
    }

    private static byte[] ScanData(byte[] jpeg) => jpeg[jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xDA })..];
}
