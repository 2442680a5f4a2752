using PiVault.Media.Formats;
using PiVault.Tests.Fuzz;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Formats;

/// <summary>
/// The format layer itself on mutated corpus files (<see cref="CorpusMutator"/>), every walker and reader whatever the
/// container, each walk enumerated to its end: no exception (docs/formats.md: the layer returns null, an empty list or a
/// stop reason), every call within <see cref="BoundedCall.Limit"/>, and allocation bounded by the layer's own caps.
/// </summary>
public sealed class FormatWalkerFuzzTests
{
    private const int MutantsPerFile = 120;

    /// <summary>A walk copies at most a few blocks of <see cref="ByteSource.MaxBlockBytes"/>; reading every entry is capped at 1 MB each below.</summary>
    private const long MaxAllocatedBytes = 96L * 1024 * 1024;

    public static TheoryData<string> Seeds => new(
        "exiftool-t-images/Canon.jpg",
        "exiftool-t-images/ExifTool.tif",
        "exiftool-t-images/DNG.dng",
        "exiftool-t-images/Nikon.nef",
        "exiftool-t-images/Panasonic.rw2",
        "exiftool-t-images/QuickTime.heic",
        "exiftool-t-images/CanonRaw.cr3",
        "exiftool-t-images/CanonRaw.crw",
        "exiftool-t-images/PNG.png",
        "exiftool-t-images/RIFF.webp",
        "exiftool-t-images/FujiFilm.raf",
        "exiftool-t-images/Minolta.mrw",
        "exiftool-t-images/SigmaDP2.x3f");

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_walker_ends_without_exceptions_on_mutated_files(string file)
    {
        var original = File.ReadAllBytes(Uploads.CorpusFile(file));
        for (var i = 0; i < MutantsPerFile; i++)
        {
            var mutant = CorpusMutator.Mutate(original, file, FuzzSeed.Of(file, i));
            var visited = 0;

            var outcome = BoundedCall.Run(() => visited = WalkEverything(new MemoryByteSource(mutant.Bytes)));

            Assert.True(outcome.Finished, $"{file}, {mutant}: still walking after {BoundedCall.Limit}");
            Assert.True(outcome.Error is null, $"{file}, {mutant}: {outcome.Error}");
            Assert.True(outcome.AllocatedBytes < MaxAllocatedBytes, $"{file}, {mutant}: allocated {outcome.AllocatedBytes:N0} bytes");
            Assert.True(visited < 1_000_000, $"{file}, {mutant}: {visited} structures for a {mutant.Bytes.Length}-byte file");
        }
    }

    [Fact]
    public void The_mutator_finds_the_structures_it_is_asked_to_break()
    {
        // Without these, "huge dimensions" and "IFD loops" would silently fall back to random field edits.
        var jpeg = File.ReadAllBytes(Uploads.CorpusFile("exiftool-t-images/Canon.jpg"));
        Assert.Contains(ImageStructure.Dimensions(jpeg), f => f.Where.StartsWith("JPEG SOF", StringComparison.Ordinal));
        Assert.Contains(ImageStructure.IfdPointers(jpeg), p => p.Kind == "tag 0x8769");
        Assert.Contains(ImageStructure.IfdPointers(File.ReadAllBytes(Uploads.CorpusFile("exiftool-t-images/DNG.dng"))), p => p.Kind == "next IFD");
        Assert.Contains(ImageStructure.Dimensions(File.ReadAllBytes(Uploads.CorpusFile("exiftool-t-images/PNG.png"))), f => f.Where == "PNG IHDR width");
        Assert.Contains(ImageStructure.Dimensions(File.ReadAllBytes(Uploads.CorpusFile("exiftool-t-images/QuickTime.heic"))), f => f.Where == "HEIF ispe width");

        var a = CorpusMutator.Mutate(jpeg, "a.jpg", 12345);
        var b = CorpusMutator.Mutate(jpeg, "a.jpg", 12345);
        Assert.Equal(a.Description, b.Description);
        Assert.Equal(a.Bytes, b.Bytes);
    }

    /// <summary>Every structure the layer can see in the bytes, whatever the magic says; returns how many it visited.</summary>
    private static int WalkEverything(ByteSource source)
    {
        var visited = 0;
        if (TiffReader.TryOpen(source) is { } tiff)
        {
            visited += WalkTiff(tiff);
        }
        var jpeg = JpegSegments.Walk(source, 0, source.Length);
        visited += jpeg.All.Count;
        _ = jpeg.FirstFrame(source);
        if (jpeg.ExifTiffPosition(source) is { } exif && TiffReader.TryOpen(source, exif) is { } embedded)
        {
            visited += WalkTiff(embedded);
        }
        visited += WalkBoxes(source, IsoBox.Children(source, 0, source.Length), 0);
        visited += PngChunks.Walk(source).Count();
        visited += RiffChunks.Walk(source).Count();
        if (CiffReader.TryOpen(source, 0, source.Length) is { } ciff)
        {
            foreach (var entry in ciff.Entries())
            {
                _ = ciff.ReadUInt32(entry, 0);
                visited++;
            }
        }
        _ = RafHeader.JpegRange(source);
        if (MrwBlocks.TiffPosition(source) is { } mrw && TiffReader.TryOpen(source, mrw) is { } mrwTiff)
        {
            visited += WalkTiff(mrwTiff);
        }
        return visited + X3fDirectory.Sections(source).Count;
    }

    private static int WalkTiff(TiffReader tiff)
    {
        var visited = 0;
        foreach (var node in new TiffWalker().Walk(tiff))
        {
            foreach (var entry in node.Directory.Entries)
            {
                _ = node.Directory.Tiff.ReadInteger(entry);
                _ = node.Directory.Tiff.ReadNumber(entry);
                _ = node.Directory.Tiff.ReadUnsignedArray(entry, 64);
                _ = node.Directory.Tiff.ReadString(entry);
                _ = node.Directory.Tiff.ReadBytes(entry, 1024 * 1024);
                visited++;
            }
        }
        return visited;
    }

    private static int WalkBoxes(ByteSource source, IEnumerable<IsoBox> boxes, int depth)
    {
        var visited = 0;
        foreach (var box in boxes)
        {
            visited++;
            _ = box.ReadContent(source, 1024 * 1024);
            if (depth < 4)
            {
                var start = box.Type == "meta" ? box.MetaChildrenStart(source) : box.ContentStart;
                visited += WalkBoxes(source, IsoBox.Children(source, start, box.End), depth + 1);
            }
        }
        return visited;
    }
}
