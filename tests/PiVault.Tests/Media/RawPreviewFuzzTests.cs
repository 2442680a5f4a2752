using PiVault.Server.Features.Media;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Media;

/// <summary>
/// Mutated copies of the corpus RAW files (bytes flipped, offsets and counts overwritten with extreme values,
/// files cut short): the extractor must return null or a well-formed JPEG, never throw, and never allocate much
/// more than the file's own size whatever the file claims.
/// </summary>
public sealed class RawPreviewFuzzTests : IDisposable
{
    private const int MutantsPerFile = 150;
    private static readonly uint[] ExtremeValues = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFF, 0x10000, 8, 12];

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
        var random = new Random(corpusPath.Length * 7919 + original.Length);
        var path = Path.Combine(dir, "mutant" + Path.GetExtension(corpusPath));
        for (var i = 0; i < MutantsPerFile; i++)
        {
            var mutant = Mutate(original, random);
            File.WriteAllBytes(path, mutant);
            var before = GC.GetAllocatedBytesForCurrentThread();

            var preview = extractor.Extract(path);

            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 2L * mutant.Length + 1024 * 1024, $"{corpusPath} mutant {i}: allocated {allocated} bytes for a {mutant.Length}-byte file");
            if (preview is not null)
            {
                Assert.True(preview.Jpeg is [0xFF, 0xD8, ..] && preview.Jpeg[^2..] is [0xFF, 0xD9], $"{corpusPath} mutant {i}");
                Assert.True(preview.Jpeg.Length <= mutant.Length);
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

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = random.Next(4) == 0 ? original[..random.Next(1, original.Length)] : (byte[])original.Clone();
        var edits = random.Next(1, 12);
        for (var e = 0; e < edits && bytes.Length > 8; e++)
        {
            var at = random.Next(bytes.Length - 4);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    BitConverter.TryWriteBytes(bytes.AsSpan(at, 4), ExtremeValues[random.Next(ExtremeValues.Length)]);
                    break;
                default:
                    BitConverter.TryWriteBytes(bytes.AsSpan(at, 4), (uint)random.Next(bytes.Length + 64));
                    break;
            }
        }
        return bytes;
    }
}
