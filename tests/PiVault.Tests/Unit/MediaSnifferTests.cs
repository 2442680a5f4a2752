using System.Text;
using PiVault.Server.Features.Assets;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Unit;

public sealed class MediaSnifferTests
{
    [Theory]
    [InlineData("exif-orientation-examples/Landscape_1.jpg", AssetType.Image, "image/jpeg")]
    [InlineData("exif-samples/heic/IMG_5195.HEIC", AssetType.Image, "image/heic")]
    [InlineData("exif-py/test_video.mp4", AssetType.Video, "video/mp4")]
    [InlineData("exiftool-t-images/CanonRaw.cr2", AssetType.Image, "image/x-canon-cr2")]
    [InlineData("exiftool-t-images/CanonRaw.cr3", AssetType.Image, "image/x-canon-cr3")]
    [InlineData("exiftool-t-images/CanonRaw.crw", AssetType.Image, "image/x-canon-crw")]
    [InlineData("exiftool-t-images/DNG.dng", AssetType.Image, "image/x-adobe-dng")]
    [InlineData("exiftool-t-images/BMP.bmp", AssetType.Image, "image/bmp")]
    [InlineData("exiftool-t-images/Jpeg2000.jp2", AssetType.Image, "image/jp2")]
    [InlineData("exiftool-t-images/Minolta.mrw", AssetType.Image, "image/x-minolta-mrw")]
    [InlineData("exiftool-t-images/Sigma.x3f", AssetType.Image, "image/x-sigma-x3f")]
    [InlineData("exiftool-t-images/Panasonic.rw2", AssetType.Image, "image/x-panasonic-rw2")]
    [InlineData("exiftool-t-images/PhaseOne.iiq", AssetType.Image, "image/x-phaseone-iiq")]
    [InlineData("exiftool-t-images/FujiFilm.raf", AssetType.Image, "image/x-fuji-raf")]
    [InlineData("exiftool-t-images/Photoshop.psd", AssetType.Image, "image/vnd.adobe.photoshop")]
    [InlineData("exiftool-t-images/JXL.jxl", AssetType.Image, "image/jxl")]
    [InlineData("exiftool-t-images/M2TS.mts", AssetType.Video, "video/mp2t")]
    [InlineData("exiftool-t-images/QuickTime.mov", AssetType.Video, "video/quicktime")]
    [InlineData("exiftool-t-images/RIFF.avi", AssetType.Video, "video/x-msvideo")]
    [InlineData("file-type/fixture-mjpeg.mov", AssetType.Video, "video/quicktime")]
    [InlineData("mei/m4v/sample_iPod.m4v", AssetType.Video, "video/x-m4v")]
    [InlineData("mei/3gp/sample.3gp", AssetType.Video, "video/3gpp")]
    [InlineData("derived-corrupt/png-named-as.jpg", AssetType.Image, "image/png")]
    public void Real_files_are_classified_by_content_then_name(string corpusPath, AssetType type, string mime)
    {
        var path = Uploads.CorpusFile(corpusPath);
        var head = File.ReadAllBytes(path).Take(MediaSniffer.HeadLength).ToArray();
        Assert.Equal(new MediaKind(type, mime), MediaSniffer.Classify(head, Path.GetFileName(path)));
        Assert.Null(MediaSniffer.NotMediaReason(head));
    }

    /// <summary>
    /// The first bytes of each format, written here from the formats' specifications: one row per extension PiVault
    /// accepts, so a new extension in <see cref="MediaTypes"/> without a signature fails <see cref="Every_accepted_extension_has_a_signature_row"/>.
    /// </summary>
    public static readonly TheoryData<string, string> Signatures = new()
    {
        { ".jpg", "FFD8FFE000104A464946" }, { ".jpeg", "FFD8FFE1" }, { ".jpe", "FFD8FFDB" }, { ".insp", "FFD8FFE1" },
        { ".png", "89504E470D0A1A0A0000000D49484452" }, { ".gif", "474946383961" }, { ".webp", "52494646000000005745425056503820" },
        { ".tif", "49492A0008000000" }, { ".tiff", "4D4D002A00000008" }, { ".heic", "00000018" + "66747970" + "68656963" },
        { ".heif", "00000018" + "66747970" + "6D696631" }, { ".hif", "00000018" + "66747970" + "6D696631" },
        { ".avif", "00000018" + "66747970" + "61766966" }, { ".jxl", "FF0A" }, { ".bmp", "424D" + "00000000" + "00000000" + "36000000" + "28000000" },
        { ".jp2", "0000000C6A5020200D0A870A" }, { ".psd", "38425053" }, { ".dng", "49492A0008000000" }, { ".cr2", "49492A00100000004352" },
        { ".cr3", "00000018" + "66747970" + "63727820" }, { ".crw", "49491A000000" + "4845415043434452" }, { ".nef", "4D4D002A00000008" },
        { ".nrw", "49492A0008000000" }, { ".arw", "49492A0008000000" }, { ".sr2", "49492A0008000000" }, { ".srf", "49492A0008000000" },
        { ".orf", "4949524F08000000" }, { ".rw2", "4949550018000000" }, { ".raw", "4949550018000000" },
        { ".raf", "46554A4946494C4D4343442D524157" }, { ".pef", "4D4D002A00000008" }, { ".srw", "49492A0008000000" },
        { ".3fr", "4D4D002A00000008" }, { ".iiq", "49492A00080A0000" }, { ".erf", "49492A0008000000" }, { ".kdc", "49492A0008000000" },
        { ".mrw", "004D524D" }, { ".x3f", "464F5662" },
        { ".mp4", "00000018" + "66747970" + "69736F6D" }, { ".m4v", "00000018" + "66747970" + "4D345620" },
        { ".mov", "00000014" + "66747970" + "71742020" }, { ".qt", "00000008" + "77696465" }, { ".3gp", "00000018" + "66747970" + "33677035" },
        { ".3g2", "00000018" + "66747970" + "33673261" }, { ".mkv", "1A45DFA3" + "9F4282886D6174726F736B61" },
        { ".webm", "1A45DFA3" + "9F4282847765626D" }, { ".avi", "52494646000000004156492020" }, { ".wmv", "3026B2758E66CF11A6D900AA0062CE6C" },
        { ".flv", "464C560105" }, { ".mts", "TS192" }, { ".m2ts", "TS192" }, { ".mpg", "000001BA44" }, { ".mpeg", "000001B3" },
        { ".insv", "00000018" + "66747970" + "69736F6D" }, { ".ogv", "OggTheora" },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void Each_accepted_extension_is_recognised_from_its_bytes_and_keeps_its_own_type(string extension, string signature)
    {
        var head = Head(signature);
        var expected = MediaTypes.FromFileName("file" + extension);
        Assert.Equal(expected, MediaSniffer.Classify(head, "file" + extension));
        // Under a name that means nothing, the bytes alone still make it media of the same kind.
        Assert.Equal(expected.Type, MediaSniffer.Classify(head, "file.bin")?.Type);
    }

    [Fact]
    public void Every_accepted_extension_has_a_signature_row()
    {
        var covered = Signatures.Select(row => (string)row[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = MediaTypes.Images.Keys.Concat(MediaTypes.Videos.Keys).Where(e => !covered.Contains(e)).ToList();
        Assert.True(missing.Count == 0, $"no signature row for {string.Join(", ", missing)}");
    }

    [Theory]
    [InlineData("49492A0008000000", "clip.mp4", AssetType.Image, "image/tiff")] // TIFF named as a video stays TIFF
    [InlineData("49492A0008000000", "photo.jpg", AssetType.Image, "image/tiff")] // and named as a JPEG, too
    [InlineData("000000186674797069736F6D", "photo.heic", AssetType.Video, "video/mp4")] // an MP4 brand named as HEIC is a video
    [InlineData("000000186674797069736F6D", "clip.avi", AssetType.Video, "video/mp4")] // ISO-BMFF named as AVI: not AVI
    [InlineData("00000018667479706D696631", "photo.jpg", AssetType.Image, "image/heif")]
    [InlineData("1A45DFA3", "clip.mp4", AssetType.Video, "video/x-matroska")]
    [InlineData("FFD8FFE0", "photo.png", AssetType.Image, "image/jpeg")]
    [InlineData("FFD8FFE0", "drawing.svg", AssetType.Image, "image/jpeg")]
    public void The_name_refines_only_within_the_family_the_bytes_belong_to(string signature, string name, AssetType type, string mime) =>
        Assert.Equal(new MediaKind(type, mime), MediaSniffer.Classify(Head(signature), name));

    [Theory]
    [InlineData("<!DOCTYPE html><html>", "an HTML page")]
    [InlineData("  <html><body>", "an HTML page")]
    [InlineData("<script>alert(1)</script>", "an HTML page")]
    [InlineData("#!/bin/sh\nrm -rf /", "a script")]
    [InlineData("SQLite format 3\0xyz", "an SQLite database")]
    [InlineData("<?xml version=\"1.0\"?><root/>", "an XML document")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>x()</script></svg>", "an SVG drawing")]
    [InlineData("\uFEFF<?xml version=\"1.0\"?>\n<!-- Generator: Illustrator -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg>", "an SVG drawing")]
    [InlineData("RIFF\0\0\0\0WAVEfmt ", "a WAV sound recording")]
    [InlineData("ID3\u0004\0\0\0\0", "an MP3 sound recording")]
    public void Documents_drawings_scripts_and_sounds_are_not_media(string content, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        Assert.Null(MediaSniffer.Classify(bytes, "upload.jpg"));
        Assert.StartsWith(expected, MediaSniffer.NotMediaReason(bytes), StringComparison.Ordinal);
        Assert.Contains(expected, MediaSniffer.Unrecognised(bytes, "upload.jpg"), StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_are_media_whatever_their_name_says_never()
    {
        var random = new byte[MediaSniffer.HeadLength];
        new Random(42).NextBytes(random);
        random[0] = 0x00; // not 0xFF: a JPEG start would make them a (broken) JPEG
        Assert.Null(MediaSniffer.Classify(random, "IMG_0001.JPG"));
        Assert.Equal("\"IMG_0001.JPG\" is named .jpg but its bytes are not a JPEG or any other photo or video format PiVault knows "
            + "(the file may be damaged or only renamed), so it was not stored.", MediaSniffer.Unrecognised(random, "IMG_0001.JPG"));
        Assert.Contains("bytes are not an ARW", MediaSniffer.Unrecognised(random, "DSC0001.arw"), StringComparison.Ordinal);
        Assert.Contains("match no photo or video format", MediaSniffer.Unrecognised(random, "data.bin"), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_raster_photo_and_video_types_are_media_types()
    {
        var types = MediaTypes.Images.Values.Concat(MediaTypes.Videos.Values).Distinct().ToList();
        Assert.All(types, t => Assert.True(t.StartsWith("image/", StringComparison.Ordinal) || t.StartsWith("video/", StringComparison.Ordinal), t));
        Assert.DoesNotContain(types, t => t.Contains("svg", StringComparison.Ordinal) || t.Contains("xml", StringComparison.Ordinal)
            || t.Contains("html", StringComparison.Ordinal) || t.Contains("pdf", StringComparison.Ordinal));
        Assert.False(MediaTypes.IsMediaType("image/svg+xml"));
        Assert.False(MediaTypes.IsMediaType("application/octet-stream"));
        Assert.True(MediaTypes.IsMediaType("image/jpeg"));
    }

    [Fact]
    public void Every_real_corpus_file_is_media_and_the_refused_ones_are_fuzzed_or_deliberately_broken()
    {
        var manifest = CorpusManifest.All;
        Assert.True(manifest.Count > 300, $"expected the corpus manifest at {Uploads.CorpusRoot}");
        var refused = new List<string>();
        foreach (var (file, kind) in manifest.Select(e => (e.File, e.Kind)))
        {
            using var stream = File.OpenRead(Path.Combine(Uploads.CorpusRoot, file));
            var head = new byte[MediaSniffer.HeadLength];
            var read = stream.Read(head);
            if (MediaSniffer.Classify(head.AsSpan(0, read), Path.GetFileName(file)) is null)
            {
                refused.Add(file);
                // The manifest (written before this check) calls every refused file fuzzed, corrupt or of no known kind.
                Assert.True(IsFuzzedOrBroken(kind), $"{file} ({kind}) was refused");
            }
        }
        Assert.InRange(refused.Count, 1, 20);
    }

    /// <summary>The manifest's kinds for fuzzer crashes and damaged files; everything else in the corpus is a real photo or video.</summary>
    public static bool IsFuzzedOrBroken(string kind) =>
        kind.StartsWith("fuzz-crash:", StringComparison.Ordinal) || kind.StartsWith("corrupt-", StringComparison.Ordinal);

    /// <summary>Hex bytes, padded to a full head; "TS192" and "OggTheora" stand for heads too long to write inline.</summary>
    private static byte[] Head(string signature)
    {
        var head = new byte[MediaSniffer.HeadLength];
        new Random(signature.Length).NextBytes(head);
        switch (signature)
        {
            case "TS192":
                // BDAV (M2TS): a 4-byte time code before each 188-byte packet, so sync bytes at 4 and 196.
                head[0] = head[1] = head[2] = head[3] = 0;
                head[4] = head[196] = head[388] = 0x47;
                break;
            case "OggTheora":
                // The first page (27-byte header, one lacing value) holds Theora's identification header: 0x80 "theora".
                byte[] page = [.. "OggS"u8, 0, 2, .. new byte[22], 0x80, .. "theora"u8];
                page.CopyTo(head, 0);
                break;
            default:
                Convert.FromHexString(signature).CopyTo(head, 0);
                break;
        }
        return head;
    }
}
