using System.Globalization;
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

    /// <summary>What must come out of each RAW file of the corpus manifest: a preview of a size, or nothing, and why.</summary>
    private static readonly Dictionary<string, RawOutcome> Expected = new(StringComparer.Ordinal)
    {
        // IFD0 has a 256×171 preview; the 640×424 one is in the Nikon maker note kept in DNGPrivateData (exiftool: PreviewIFD:PreviewImage).
        ["exif-py/raw/nikon_z_9_high_efficiency_compressed_dx_cropped_max_overexposed.dng"] = Preview(640, 424),
        // RAF: the header's JPEG; the orientation comes from that JPEG's own EXIF.
        ["exiftool-t-images/FujiFilm.raf"] = Preview(8, 8),
        // RW2: JpgFromRaw (tag 0x2E) in IFD0 under the "IIU\0" magic.
        ["exiftool-t-images/Panasonic.rw2"] = Preview(8, 8),
        ["exiftool-t-images/SigmaDP2.x3f"] = Preview(8, 8),
        // Truncated upstream fixtures: the big previews lie past the end, the thumbnails before it survive.
        ["file-type/fixture-Leica-M10.dng"] = Preview(160, 120),
        ["file-type/fixture-sony-zv-e10.arw"] = Preview(160, 120),
        ["file-type/fixture.cr3"] = Preview(160, 120),
        ["exif-py/raw/sony_alpha_a7iii_raw_image.ARW"] = Nothing("cut to 8 KB upstream: its preview pointer (offset 135330) lies past the end"),
        ["exiftool-t-images/CanonRaw.cr2"] = Nothing(Stub),
        ["exiftool-t-images/CanonRaw.cr3"] = Nothing(Stub),
        ["exiftool-t-images/CanonRaw.crw"] = Nothing(Stub),
        ["exiftool-t-images/DNG.dng"] = Nothing(Stub),
        ["exiftool-t-images/Minolta.mrw"] = Nothing(Stub),
        ["exiftool-t-images/Nikon.nef"] = Nothing(Stub),
        ["exiftool-t-images/PhaseOne.iiq"] = Nothing("IFD0 is uncompressed sensor data and there is no JPEG"),
        ["exiftool-t-images/Sigma.x3f"] = Nothing("a 2001 X3F whose image sections are 20-byte stubs, not JPEGs"),
        ["mei/fuzzing/crash-d6ab491f969c191eda117ceef7e0b3280f7c1a0b.fuzzed"] = Nothing("fuzzer output behind a TIFF header"),
        ["mei/nef/Issue_247-1.nef"] = Nothing("a JPEG named .nef (manifest kind jpeg): not a RAW container, the thumbnailer decodes it directly"),
        ["mei/nef/Issue_247-3.nef"] = Nothing("a JPEG named .nef (manifest kind jpeg): not a RAW container, the thumbnailer decodes it directly"),
        ["mei/rw2/Issue_419.rw2"] = Nothing("368 bytes of an RW2 header: no directory survives"),
    };

    private const string Stub = "exiftool test stub: every preview is \"<Dummy …>\" text (see Stub_previews_are_found_where_exiftool_finds_them)";

    public static TheoryData<string> RawFiles() => [.. RawFileNames()];

    /// <summary>The manifest's RAW rows: kind raw-… (or a corrupt/fuzzed one), or a RAW file extension.</summary>
    private static IEnumerable<string> RawFileNames() => CorpusManifest.All
        .Where(row => row.Kind.Contains("raw", StringComparison.Ordinal) || RawExtensions.Contains(Path.GetExtension(row.File).ToLowerInvariant()))
        .Select(row => row.File)
        .Distinct()
        .Order(StringComparer.Ordinal);

    [Fact]
    public void The_table_names_exactly_the_raw_files_of_the_manifest()
    {
        var manifest = RawFileNames().ToHashSet();

        Assert.True(manifest.Count >= 18, $"found {manifest.Count} RAW files");
        Assert.Empty(manifest.Except(Expected.Keys)); // a new RAW file needs its expected outcome in the table
        Assert.Empty(Expected.Keys.Except(manifest));
    }

    /// <summary>
    /// Each RAW file of the manifest gives what the table says: a preview ffmpeg decodes to the stated size, with the
    /// orientation the manifest measured (exiftool) for the RAW, or no preview at all.
    /// </summary>
    [Theory]
    [MemberData(nameof(RawFiles))]
    public void Every_raw_file_yields_what_the_table_says(string corpusPath)
    {
        var path = Uploads.CorpusFile(corpusPath);
        Assert.True(Expected.TryGetValue(corpusPath, out var expected), $"{corpusPath} has no expected outcome in the table");

        var preview = extractor.Extract(path);

        if (expected.Size is not { } size)
        {
            Assert.True(preview is null, $"{corpusPath}: expected no preview ({expected.WhyNone}), got {preview?.Width}×{preview?.Height}");
            return;
        }
        Assert.NotNull(preview);
        Assert.Equal([0xFF, 0xD8], preview.Jpeg[..2]);
        Assert.Equal([0xFF, 0xD9], preview.Jpeg[^2..]);
        Assert.True(preview.Jpeg.Length <= new FileInfo(path).Length);
        Assert.Equal(size, (preview.Width, preview.Height));
        Assert.Equal(size, FfmpegImageCheck.Decode(preview.Jpeg));
        Assert.Equal(int.Parse(CorpusManifest.Entry(corpusPath).Orientation, CultureInfo.InvariantCulture), preview.Orientation);
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
        var previews = new List<string>();
        foreach (var file in files)
        {
            var preview = extractor.Extract(file);
            if (preview is not null)
            {
                previews.Add(Path.GetRelativePath(Uploads.CorpusRoot, file).Replace('\\', '/'));
                Assert.True(preview.Jpeg is [0xFF, 0xD8, ..] && preview.Jpeg[^2..] is [0xFF, 0xD9], file);
            }
        }
        // Only the RAW files the table expects a preview from give one: no other corpus file is taken for a RAW.
        Assert.Equal(Expected.Where(e => e.Value.Size is not null).Select(e => e.Key).Order(StringComparer.Ordinal), previews.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Files_that_are_not_raw_containers_give_null()
    {
        Assert.Null(extractor.Extract(Uploads.CorpusFile("exif-orientation-examples/Landscape_1.jpg")));
        Assert.Null(extractor.Extract(Uploads.CorpusFile("mei/mp4/uuid540.mp4")));
        Assert.Null(extractor.Extract(Uploads.CorpusFile("exiftool-t-images/PhaseOne.iiq"))); // IFD0 is uncompressed
    }

    private static RawOutcome Preview(int width, int height) => new((width, height), null);

    private static RawOutcome Nothing(string why) => new(null, why);

    /// <summary>A preview of <paramref name="Size"/> (before orientation), or none for the reason given.</summary>
    private sealed record RawOutcome((int Width, int Height)? Size, string? WhyNone);
}
