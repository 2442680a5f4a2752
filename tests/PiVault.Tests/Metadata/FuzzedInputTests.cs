using PiVault.Media.Formats;
using PiVault.Server.Features.Metadata;
using PiVault.Tests.Fuzz;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Metadata;

/// <summary>
/// Mutated copies of one file per container (<see cref="CorpusMutator"/>: truncations, bit flips, byte runs, extreme
/// length fields, huge dimensions, IFD loops): the parsers must neither throw, nor allocate without bound, nor take
/// longer than <see cref="BoundedCall.Limit"/>. Seeded, so a failure's message reproduces it.
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
        var worst = 0L;
        for (var i = 0; i < MutationsPerFile; i++)
        {
            var mutant = CorpusMutator.Mutate(original, file, FuzzSeed.Of(file, i));
            var found = new FoundMetadata();

            var outcome = BoundedCall.Run(() =>
            {
                MetadataReader.Parse(new MemoryByteSource(mutant.Bytes), found);
                MetadataReader.Build(found, mutant.FileName, DateTimeOffset.UnixEpoch);
            });

            worst = Math.Max(worst, outcome.AllocatedBytes);
            Assert.True(outcome.Finished, $"{file}, {mutant}: still parsing after {BoundedCall.Limit}");
            Assert.True(outcome.Error is null, $"{file}, {mutant}: {outcome.Error}");
            Assert.True(outcome.AllocatedBytes < MaxAllocatedBytesPerParse, $"{file}, {mutant}: allocated {outcome.AllocatedBytes:N0} bytes");
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
}
