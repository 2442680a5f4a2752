using PiVault.Media.Formats;
using PiVault.Server.Features.Metadata;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Metadata;

/// <summary>exiftool's view of the whole corpus and ours, computed once per test run.</summary>
public sealed class CorpusReadings
{
    public CorpusReadings()
    {
        Root = Path.GetFullPath(Uploads.CorpusRoot);
        Files = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetDirectoryName(f) != Root || Path.GetExtension(f) is not (".tsv" or ".md"))
            .Order(StringComparer.Ordinal).ToList();
        var reader = new MetadataReader();
        foreach (var file in Files)
        {
            var relative = Path.GetRelativePath(Root, file).Replace('\\', '/');
            Ours[relative] = reader.Read(file, Path.GetFileName(file), DateTimeOffset.UnixEpoch);
            // The reader keeps going whatever happens; the parsers below it must not need that.
            using var source = FileByteSource.Open(file);
            if (Record.Exception(() => MetadataReader.Parse(source, new FoundMetadata())) is { } error)
            {
                ParserExceptions.Add($"{relative}: {error}");
            }
        }
        Exiftool = ExiftoolReference.Run(Root);
        Recall = ExiftoolReference.Compare(Exiftool, Ours).ToDictionary(r => r.Field);
        ExpectedDateSources = ExiftoolDateSources.Run(Root);
    }

    public string Root { get; }
    public List<string> Files { get; }
    public Dictionary<string, MediaMetadata> Ours { get; } = new(StringComparer.Ordinal);
    public List<string> ParserExceptions { get; } = [];
    public Dictionary<string, ExiftoolFacts> Exiftool { get; }
    public Dictionary<string, string?> ExpectedDateSources { get; }
    public Dictionary<string, FieldRecall> Recall { get; }
}

/// <summary>
/// Recall against exiftool on the whole corpus (<c>exiftool -json -n … -r</c>, run once): we must find at least as many
/// dates, positions and orientations as exiftool, agree with it on every value it finds except the few documented below,
/// and never throw.
/// </summary>
public sealed class CorpusRecallTests(CorpusReadings corpus) : IClassFixture<CorpusReadings>
{
    /// <summary>Values exiftool finds that we knowingly do not: proprietary containers outside the brief, and one exiftool error.</summary>
    private static readonly Dictionary<string, string> KnownMisses = new(StringComparer.Ordinal)
    {
        ["dates: exiftool-t-images/CasioQVCI.jpg"] = "Casio QV-CI proprietary APP segment (1998)",
        ["dates: exiftool-t-images/M2TS.mts"] = "AVCHD: the date sits in H.264 SEI user data inside the video stream",
        ["dates: exiftool-t-images/Sigma.x3f"] = "Sigma X3F raw of 2001: the date is only in the UTF-16 PROP section, not in an EXIF preview",
        ["dates: mei/jpg/FLIR_Vue_Pro_640.jpg"] = "FLIR thermal maker record (APP1 'FLIR'), no EXIF date",
        ["dates: exiftool-t-images/Pentax.avi"] = "exiftool 12.57 drops the seconds of IDIT '2009/10/27 12:14:34'; we read 12:14:34, as the Pentax maker data also says",
    };

    [Theory]
    [InlineData("dates")]
    [InlineData("gps")]
    [InlineData("orientation")]
    public void We_find_at_least_as_many_values_as_exiftool_and_agree_with_it(string field)
    {
        var recall = corpus.Recall[field];
        var unexplained = recall.Misses.Where(m => !KnownMisses.ContainsKey($"{field}: {m[..m.IndexOf(": ", StringComparison.Ordinal)]}")).ToList();

        Assert.True(recall.Matched + recall.OursOnly >= recall.Exiftool,
            $"{field}: we found {recall.Matched + recall.OursOnly}, exiftool {recall.Exiftool}\n{ExiftoolReference.Describe([recall])}");
        Assert.True(unexplained.Count == 0, $"{field}: {unexplained.Count} unexplained misses\n  {string.Join("\n  ", unexplained)}");
    }

    [Fact]
    public void The_corpus_and_exiftool_are_both_there()
    {
        Assert.True(corpus.Files.Count > 300, $"expected the corpus at {corpus.Root}");
        Assert.True(corpus.Exiftool.Count > 300, "exiftool returned too few files: is libimage-exiftool-perl installed (scripts/install-deps.sh)?");
        Assert.True(corpus.Recall["dates"].Exiftool > 150);
    }

    /// <summary>Where our date source differs from exiftool's knowingly: containers we do not read, files exiftool gives up on.</summary>
    private static readonly Dictionary<string, string> KnownSourceDifferences = new(StringComparer.Ordinal)
    {
        ["exiftool-t-images/CasioQVCI.jpg"] = "Casio QV-CI proprietary APP segment (1998): exif expected, we fall back to the file time",
        ["exiftool-t-images/AFCP.jpg"] = "IPTC in an AFCP trailer at the end of the file, which we do not read",
        ["exiftool-t-images/ExifTool.tif"] = "IPTC in TIFF tag 0x83BB is not read; the EXIF ModifyDate of the same day is used",
        ["derived-corrupt/jpeg-header-only-4k.jpg"] = "exiftool gives up on the truncated file; we read the EXIF block that survives the cut",
        ["mei/fuzzing/crash-8432cc2f7f96a3516b934bddba589eb981d4abf9.fuzzed"] = "exiftool rejects the fuzzed MP4; we still read its mvhd date",
    };

    [Fact]
    public void No_file_throws_or_stops_a_parser()
    {
        var stopped = corpus.Ours.Where(p => p.Value.Problem is not null).Select(p => $"{p.Key}: {p.Value.Problem}");

        Assert.Empty(corpus.ParserExceptions);
        Assert.Empty(stopped);
    }

    /// <summary>
    /// Every file's date comes from where exiftool says it is (see <see cref="ExiftoolDateSources"/>); files where exiftool
    /// finds none fall back to the name or the file time, never to a made-up metadata source.
    /// </summary>
    [Fact]
    public void Every_file_takes_its_date_from_the_source_exiftool_finds()
    {
        bool AsExiftoolSays(string path, string ours) =>
            corpus.ExpectedDateSources.GetValueOrDefault(path) is { } expected ? ours == expected : ours is "filename" or "file";
        var wrong = corpus.Ours
            .Where(p => !AsExiftoolSays(p.Key, p.Value.DateSource) && !KnownSourceDifferences.ContainsKey(p.Key))
            .Select(p => $"{p.Key}: ours {p.Value.DateSource}, exiftool {corpus.ExpectedDateSources.GetValueOrDefault(p.Key) ?? "no date (filename or file)"}")
            .ToList();
        var stale = KnownSourceDifferences.Keys.Where(path => corpus.Ours.TryGetValue(path, out var ours) && AsExiftoolSays(path, ours.DateSource));

        Assert.True(corpus.ExpectedDateSources.Count > 300, "exiftool returned too few files");
        Assert.True(wrong.Count == 0, $"{wrong.Count} files take their date from elsewhere than exiftool finds it:\n  {string.Join("\n  ", wrong)}");
        Assert.Empty(stale);
    }
}
