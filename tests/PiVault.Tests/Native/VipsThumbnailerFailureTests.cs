using PiVault.Native.Vips;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Native.ThumbnailAssertions;

namespace PiVault.Tests.Native;

public sealed class VipsThumbnailerFailureTests
{
    public static TheoryData<string> DerivedCorruptFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(Uploads.CorpusRoot, "derived-corrupt")).Select(path => Path.GetFileName(path)).Order()];

    [Theory]
    [MemberData(nameof(DerivedCorruptFiles))]
    public void Corrupt_files_fail_cleanly_or_decode(string fileName)
    {
        var path = Uploads.CorpusFile($"derived-corrupt/{fileName}");
        try
        {
            OutputsDecode(Thumbnailer.Generate(path, Spec));
        }
        catch (MediaDecodeException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        // Anything else (or a crash of the test host) fails the test.
    }

    [Theory]
    [InlineData("derived-corrupt/jpeg-truncated-50pct.jpg", "Premature end")]
    [InlineData("derived-corrupt/jpeg-header-only-4k.jpg", "Premature end")]
    [InlineData("derived-corrupt/heic-truncated-30pct.heic", "heic")]
    [InlineData("derived-corrupt/zero-bytes.jpg", "not a known file format")]
    [InlineData("derived-corrupt/text-named-as.jpg", "not a known file format")]
    [InlineData("mei/png/PngSuite/xc9n2c08.png", "")]
    public void Truncated_and_broken_files_throw_the_decoder_message(string corpusPath, string expectedText)
    {
        var e = Assert.Throws<MediaDecodeException>(() => Generate(corpusPath));
        Assert.Contains(expectedText, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\n", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jpeg_missing_only_its_end_marker_still_decodes()
    {
        // The file is a corpus photo with its last two bytes (FF D9) cut off; put them back for the reference.
        var path = Uploads.CorpusFile("derived-corrupt/jpeg-missing-eoi.jpg");
        var repaired = Thumbnailer.Generate(path, Spec);
        var intact = Thumbnailer.Generate((byte[])[.. File.ReadAllBytes(path), 0xFF, 0xD9], Spec);

        Assert.Equal(intact with { ThumbHash = "" }, repaired with { ThumbHash = "" }, new SizesOnly());
        Assert.Equal(intact.ThumbHash, repaired.ThumbHash);
    }

    [Theory]
    [InlineData("exif-py/test_video.mp4")]
    [InlineData("exiftool-t-images/Photoshop.psd")]
    [InlineData("exiftool-t-images/Jpeg2000.jp2")]
    public void Non_photo_formats_are_refused_before_decoding(string corpusPath)
    {
        var e = Assert.Throws<MediaDecodeException>(() => Generate(corpusPath));
        Assert.True(e.Message.StartsWith("unsupported image format", StringComparison.Ordinal) || e.Message.Contains("not a known file format", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void Absurd_dimensions_are_refused_from_the_header()
    {
        // A fuzzed BMP whose header claims 1970602016 x 1970637448 pixels.
        var e = Assert.Throws<MediaDecodeException>(() => Generate("mei/fuzzing/crash-d8dbe78fdc7139bb09b506b9d2218196e7a4d2be.fuzzed"));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Garbage_bytes_throw_rather_than_crash()
    {
        Assert.Throws<MediaDecodeException>(() => Thumbnailer.Generate(Uploads.RandomBytes(10_000, seed: 7), Spec));
        Assert.Throws<MediaDecodeException>(() => Thumbnailer.Generate(ReadOnlyMemory<byte>.Empty, Spec));
    }

    [Fact]
    public void A_truncated_jpeg_in_memory_fails_like_the_file()
    {
        var bytes = File.ReadAllBytes(Uploads.CorpusFile("mei/jpg/Canon_EOS_450D.jpg"));
        var e = Assert.Throws<MediaDecodeException>(() => Thumbnailer.Generate(bytes.AsMemory(0, bytes.Length / 3), Spec));
        Assert.Contains("Premature end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_not_a_decode_error()
    {
        Assert.Throws<FileNotFoundException>(() => Thumbnailer.Generate("/nonexistent/pivault.jpg", Spec));
    }

    private sealed class SizesOnly : IEqualityComparer<ThumbnailSet>
    {
        public bool Equals(ThumbnailSet? x, ThumbnailSet? y) =>
            (x!.SourceWidth, x.SourceHeight, x.PreviewWidth, x.PreviewHeight, x.ThumbnailWidth, x.ThumbnailHeight)
            == (y!.SourceWidth, y.SourceHeight, y.PreviewWidth, y.PreviewHeight, y.ThumbnailWidth, y.ThumbnailHeight);

        public int GetHashCode(ThumbnailSet obj) => obj.SourceWidth;
    }
}
