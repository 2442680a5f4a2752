using PiVault.Media.Formats;
using PiVault.Server.Features.Metadata;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Metadata;

/// <summary>
/// Mutated copies of one file per container (bit flips in the metadata area, overwritten length fields, truncation):
/// the parsers must neither throw nor allocate without bound. Deterministic seeds, so a failure reproduces.
/// </summary>
public sealed class FuzzedInputTests
{
    // The largest single block is 8 MB; a parse may hold a few, never hundreds.
    private const long MaxAllocatedBytesPerParse = 64L * 1024 * 1024;
    private const int MutationsPerFile = 150;

    public static TheoryData<string> Seeds => new(
        "exiftool-t-images/Apple.jpg",
        "mei/heic/Issue_437_dotnet.heic",
        "libvips-test/avif-orientation-6.avif",
        "file-type/fixture.cr3",
        "mei/png/Issue_356_dotnet.png",
        "mei/webp/Issue_473_Java.webp",
        "exiftool-t-images/Nikon.nef",
        "exiftool-t-images/FujiFilm.raf",
        "exiftool-t-images/Photoshop.psd",
        "mei/mov/with-gps.mov",
        "mei/mp4/Issue_515_java.mp4",
        "exif-py/jxl/test_0001.jxl",
        "exiftool-t-images/RIFF.avi",
        "exiftool-t-images/PhotoMechanic.jpg",
        "exiftool-t-images/CanonRaw.crw",
        "exiftool-t-images/SigmaDP2.x3f",
        "exif-samples/jpg/exif-org/sony-powershota5.jpg");

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_files_neither_throw_nor_allocate_without_bound(string file)
    {
        var original = File.ReadAllBytes(Uploads.CorpusFile(file));
        var random = new Random(file.Length * 7919 + original.Length);
        var worst = 0L;
        for (var i = 0; i < MutationsPerFile; i++)
        {
            var mutated = Mutate(original, random, i);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var found = new FoundMetadata();

            var error = Record.Exception(() => MetadataReader.Parse(new MemoryByteSource(mutated), found));
            MetadataReader.Build(found, "x.jpg", DateTimeOffset.UnixEpoch);

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            worst = Math.Max(worst, allocated);
            Assert.True(error is null, $"{file} mutation {i}: {error}");
            Assert.True(allocated < MaxAllocatedBytesPerParse, $"{file} mutation {i}: allocated {allocated:N0} bytes");
        }
        Assert.True(worst < MaxAllocatedBytesPerParse);
    }

    [Fact]
    public void The_corpus_fuzz_cases_parse_without_exceptions()
    {
        var folder = Path.Combine(Uploads.CorpusRoot, "mei", "fuzzing");
        var files = Directory.GetFiles(folder);
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            var found = new FoundMetadata();
            var error = Record.Exception(() => MetadataReader.Parse(new MemoryByteSource(File.ReadAllBytes(path)), found));
            Assert.True(error is null, $"{Path.GetFileName(path)}: {error}");
        }
    }

    /// <summary>Mostly small damage near the start, where the metadata lives; sometimes truncation or a huge length field.</summary>
    private static byte[] Mutate(byte[] original, Random random, int round)
    {
        var data = (byte[])original.Clone();
        var hot = Math.Min(data.Length, 64 * 1024);
        switch (round % 4)
        {
            case 0:
                for (var flips = random.Next(1, 16); flips > 0; flips--)
                {
                    data[random.Next(hot)] ^= (byte)(1 << random.Next(8));
                }
                return data;
            case 1:
                // A 4-byte field set to a large or maximal value: lengths, counts, offsets.
                var at = random.Next(Math.Max(1, hot - 4));
                var value = random.Next(3) switch { 0 => 0xFFFFFFFFu, 1 => 0x7FFFFFF0u, _ => (uint)random.Next() };
                BitConverter.GetBytes(value).CopyTo(data, at);
                return data;
            case 2:
                return data[..random.Next(Math.Min(data.Length, hot))];
            default:
                for (var runs = random.Next(1, 4); runs > 0; runs--)
                {
                    var start = random.Next(hot);
                    var length = Math.Min(random.Next(1, 64), data.Length - start);
                    random.NextBytes(data.AsSpan(start, length));
                }
                return data;
        }
    }
}
