using System.Text;
using PiVault.Media.Formats;
using PiVault.Server.Features.Media;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Media;

/// <summary>
/// The extractor against every RAW-ish file in the corpus. None of them has decodable sensor data; most are
/// exiftool test stubs whose previews are "&lt;Dummy …&gt;" text at the offsets exiftool reports, so those files check
/// that the parser finds the right places, and the few with real JPEGs check the bytes it returns.
/// </summary>
public sealed class RawPreviewExtractorTests
{
    private static readonly string[] RawExtensions =
        [".cr2", ".cr3", ".crw", ".dng", ".nef", ".nrw", ".orf", ".raf", ".rw2", ".pef", ".arw", ".sr2", ".srw", ".3fr", ".erf", ".kdc", ".iiq", ".mrw", ".x3f"];

    private readonly RawPreviewExtractor extractor = new();

    public static TheoryData<string> RawFiles()
    {
        var files = CorpusManifest.All
            .Where(row => row.Kind.Contains("raw", StringComparison.Ordinal) || RawExtensions.Contains(Path.GetExtension(row.File).ToLowerInvariant()))
            .Select(row => row.File)
            .Distinct()
            .Order(StringComparer.Ordinal);
        return [.. files];
    }

    [Fact]
    public void The_corpus_has_the_raw_files_these_tests_expect() => Assert.True(RawFiles().Count >= 18, $"found {RawFiles().Count} RAW files");

    [Theory]
    [MemberData(nameof(RawFiles))]
    public void Every_raw_file_yields_a_decodable_jpeg_or_null(string corpusPath)
    {
        var path = Uploads.CorpusFile(corpusPath);

        var preview = extractor.Extract(path);

        if (preview is null)
        {
            return;
        }
        Assert.Equal([0xFF, 0xD8], preview.Jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], preview.Jpeg[^2..]);
        Assert.True(preview.Jpeg.Length <= new FileInfo(path).Length);
        Assert.Equal((preview.Width, preview.Height), FfmpegImageCheck.Decode(preview.Jpeg));
        Assert.True(preview.Orientation is null or >= 1 and <= 8);
    }

    [Theory]
    // Nikon Z 9 DNG: IFD0 has a 256×171 preview; the 640×424 one is in the Nikon maker note kept in DNGPrivateData.
    [InlineData("exif-py/raw/nikon_z_9_high_efficiency_compressed_dx_cropped_max_overexposed.dng", 640, 424, 1)]
    // RAF: the header's JPEG; the orientation comes from that JPEG's own EXIF.
    [InlineData("exiftool-t-images/FujiFilm.raf", 8, 8, 1)]
    // RW2: JpgFromRaw (tag 0x2E) in IFD0 under the "IIU\0" magic.
    [InlineData("exiftool-t-images/Panasonic.rw2", 8, 8, 1)]
    [InlineData("exiftool-t-images/SigmaDP2.x3f", 8, 8, 1)]
    // Truncated upstream fixtures: the big previews lie past the end, the thumbnails before it survive.
    [InlineData("file-type/fixture-Leica-M10.dng", 160, 120, 6)]
    [InlineData("file-type/fixture-sony-zv-e10.arw", 160, 120, 6)]
    [InlineData("file-type/fixture.cr3", 160, 120, 6)]
    public void Known_files_yield_their_largest_intact_preview(string corpusPath, int width, int height, int orientation)
    {
        var preview = extractor.Extract(Uploads.CorpusFile(corpusPath));

        Assert.NotNull(preview);
        Assert.Equal((width, height), (preview.Width, preview.Height));
        Assert.Equal((width, height), FfmpegImageCheck.Decode(preview.Jpeg));
        Assert.Equal(orientation, preview.Orientation);
    }

    [Fact]
    public void The_preview_is_the_exact_byte_range_exiftool_reports()
    {
        const string Dng = "exif-py/raw/nikon_z_9_high_efficiency_compressed_dx_cropped_max_overexposed.dng";
        var bytes = File.ReadAllBytes(Uploads.CorpusFile(Dng));

        var preview = extractor.Extract(Uploads.CorpusFile(Dng));

        Assert.Equal(bytes.AsSpan(76848, 5893).ToArray(), preview!.Jpeg); // exiftool -n -a -PreviewImageStart/Length, PreviewIFD
    }

    [Theory]
    [InlineData("exiftool-t-images/CanonRaw.cr2", 8680, 26, "IFD0 strips")] // PreviewImage: IFD0 strips, compression 6
    [InlineData("exiftool-t-images/CanonRaw.cr2", 8620, 28, "IFD1 JPEGInterchangeFormat")] // ThumbnailImage
    [InlineData("exiftool-t-images/Nikon.nef", 1120, 29, "IFD0/SubIFD0 JPEGInterchangeFormat")] // JpgFromRaw
    [InlineData("exiftool-t-images/Nikon.nef", 5958, 26, "Nikon PreviewIFD JPEGInterchangeFormat")] // maker note PreviewIFD
    [InlineData("exiftool-t-images/DNG.dng", 12780, 26, "IFD0/SubIFD1 strips")]
    [InlineData("exiftool-t-images/DNG.dng", 13070, 29, "IFD0/SubIFD2 strips")]
    [InlineData("exiftool-t-images/Minolta.mrw", 2130, 26, "maker note PreviewImage")] // TTW block + 48
    [InlineData("exiftool-t-images/CanonRaw.crw", 48, 29, "CRW JpgFromRaw")]
    public void Stub_previews_are_found_where_exiftool_finds_them(string corpusPath, long offset, long length, string source)
    {
        var path = Uploads.CorpusFile(corpusPath);
        using var file = FileByteSource.Open(path);

        var found = RawPreviewExtractor.FindCandidates(file);

        Assert.NotNull(found);
        Assert.Contains(new PreviewCandidate(offset, length, source), found.All);
        var bytes = File.ReadAllBytes(path).AsSpan((int)offset, (int)length);
        Assert.StartsWith("<Dummy", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        Assert.Null(extractor.Extract(path)); // text is not a JPEG
    }

    [Fact]
    public void A_cr3_names_its_preview_box_and_orientation_even_when_the_box_is_cut_short()
    {
        using var file = FileByteSource.Open(Uploads.CorpusFile("file-type/fixture.cr3"));

        var found = RawPreviewExtractor.FindCandidates(file)!;

        Assert.Equal(6, found.Orientation); // CMT1, the IFD0 of a CR3
        var preview = Assert.Single(found.All, candidate => candidate.Source == "PRVW");
        Assert.Equal(96856, preview.Offset); // 1620×1080, cut at 131072 by the upstream truncation
        Assert.Equal(file.Length, preview.Offset + preview.Length);
        Assert.Contains(found.All, candidate => candidate.Source == "THMB");
    }

    [Fact]
    public void Orientation_comes_from_ifd0_of_the_raw()
    {
        using var file = FileByteSource.Open(Uploads.CorpusFile("exiftool-t-images/CanonRaw.cr3"));

        Assert.Equal(1, RawPreviewExtractor.FindCandidates(file)!.Orientation);
    }

    [Fact]
    public void Every_corpus_file_is_handled_without_an_exception()
    {
        var files = Directory.EnumerateFiles(Uploads.CorpusRoot, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count > 300, $"expected the corpus at {Uploads.CorpusRoot}");
        var previews = 0;
        foreach (var file in files)
        {
            var preview = extractor.Extract(file);
            if (preview is not null)
            {
                previews++;
                Assert.True(preview.Jpeg is [0xFF, 0xD8, ..] && preview.Jpeg[^2..] is [0xFF, 0xD9], file);
            }
        }
        Assert.True(previews >= 7, $"{previews} previews");
    }

    [Fact]
    public void Files_that_are_not_raw_containers_give_null()
    {
        Assert.Null(extractor.Extract(Uploads.CorpusFile("exif-orientation-examples/Landscape_1.jpg")));
        Assert.Null(extractor.Extract(Uploads.CorpusFile("mei/mp4/uuid540.mp4")));
        Assert.Null(extractor.Extract(Uploads.CorpusFile("exiftool-t-images/PhaseOne.iiq"))); // IFD0 is uncompressed
    }
}
