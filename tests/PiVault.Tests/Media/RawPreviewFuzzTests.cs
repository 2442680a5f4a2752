using PiVault.Server.Features.Media;
using PiVault.Tests.Fuzz;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Media;

/// <summary>
/// Mutated copies of the corpus RAW files (<see cref="CorpusMutator"/>: bytes flipped, offsets and counts overwritten
/// with extreme values, files cut short, IFD loops, huge sizes): the extractor must return null or a well-formed JPEG,
/// never throw, finish within <see cref="BoundedCall.Limit"/>, and never allocate much more than the file's own size
/// whatever the file claims.
/// </summary>
public sealed class RawPreviewFuzzTests : IDisposable
{
    private const int MutantsPerFile = 150;

    private static readonly string[] Seeds =
    [
        "exif-py/raw/nikon_z_9_high_efficiency_compressed_dx_cropped_max_overexposed.dng",
        "exif-py/raw/sony_alpha_a7iii_raw_image.ARW",
        "exiftool-t-images/CanonRaw.cr2",
        "exiftool-t-images/CanonRaw.cr3",
        "exiftool-t-images/CanonRaw.crw",
        "exiftool-t-images/DNG.dng",
        "exiftool-t-images/FujiFilm.raf",
        "exiftool-t-images/Minolta.mrw",
        "exiftool-t-images/Nikon.nef",
        "exiftool-t-images/Panasonic.rw2",
        "exiftool-t-images/PhaseOne.iiq",
        "exiftool-t-images/SigmaDP2.x3f",
        "file-type/fixture-sony-zv-e10.arw",
        "file-type/fixture.cr3",
    ];

    private readonly string dir = TempDir.Create();
    private readonly RawPreviewExtractor extractor = new();

    public void Dispose() => TempDir.Delete(dir);

    public static TheoryData<string> SeedFiles() => [.. Seeds];

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Mutated_files_give_null_or_a_jpeg_within_bounded_memory(string corpusPath)
    {
        var original = File.ReadAllBytes(Uploads.CorpusFile(corpusPath));
        var path = Path.Combine(dir, "mutant" + Path.GetExtension(corpusPath));
        for (var i = 0; i < MutantsPerFile; i++)
        {
            var mutant = CorpusMutator.Mutate(original, corpusPath, FuzzSeed.Of(corpusPath, i));
            File.WriteAllBytes(path, mutant.Bytes);
            RawPreview? preview = null;

            var outcome = BoundedCall.Run(() => preview = extractor.Extract(path));

            Assert.True(outcome.Finished, $"{corpusPath}, {mutant}: still extracting after {BoundedCall.Limit}");
            Assert.True(outcome.Error is null, $"{corpusPath}, {mutant}: {outcome.Error}");
            Assert.True(outcome.AllocatedBytes < 2L * mutant.Bytes.Length + 1024 * 1024, $"{corpusPath}, {mutant}: allocated {outcome.AllocatedBytes} bytes");
            if (preview is not null)
            {
                Assert.True(preview.Jpeg is [0xFF, 0xD8, ..] && preview.Jpeg[^2..] is [0xFF, 0xD9], $"{corpusPath}, {mutant}");
                Assert.True(preview.Jpeg.Length <= mutant.Bytes.Length);
            }
        }
    }

    [Fact]
    public void Random_bytes_behind_each_raw_magic_give_null()
    {
        string[] magics = ["II*\0", "MM\0*", "IIRO", "IIU\0", "FUJIFILMCCD-RAW ", "\0MRM", "FOVb", "II\x1a\0\0\0HEAPCCDR"];
        var path = Path.Combine(dir, "random.raw");
        var random = new Random(42);
        foreach (var magic in magics)
        {
            for (var i = 0; i < 200; i++)
            {
                var bytes = new byte[random.Next(magic.Length, 4096)];
                random.NextBytes(bytes);
                System.Text.Encoding.Latin1.GetBytes(magic).CopyTo(bytes, 0);
                File.WriteAllBytes(path, bytes);

                Assert.Null(extractor.Extract(path));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void Tiny_files_give_null(int length)
    {
        var path = Path.Combine(dir, "tiny.cr2");
        File.WriteAllBytes(path, "II*\0\x08\0\0\0"u8.ToArray()[..Math.Min(length, 8)]);

        Assert.Null(extractor.Extract(path));
    }
}
