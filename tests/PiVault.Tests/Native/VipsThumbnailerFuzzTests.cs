using PiVault.Native.Vips;
using PiVault.Tests.Fuzz;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Native.ThumbnailAssertions;

namespace PiVault.Tests.Native;

/// <summary>
/// The real libvips thumbnailer on mutated images (<see cref="CorpusMutator"/>: huge dimensions in SOF/IHDR/TIFF/ispe
/// headers, truncations, bit flips, IFD loops): each call gives outputs that decode or throws the documented
/// <see cref="MediaDecodeException"/> with the decoder's one-line message, within <see cref="BoundedCall.Limit"/>.
/// </summary>
public sealed class VipsThumbnailerFuzzTests
{
    private const int MutantsPerFile = 8;

    public static TheoryData<string> Seeds() => [.. FuzzCorpus.Images];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Mutated_images_decode_or_fail_with_a_decode_exception_in_time(string file)
    {
        var original = File.ReadAllBytes(Uploads.CorpusFile(file));
        for (var i = 0; i < MutantsPerFile; i++)
        {
            var mutant = CorpusMutator.Mutate(original, file, FuzzSeed.Of(file, i));
            ThumbnailSet? set = null;

            var outcome = BoundedCall.Run(() => set = Thumbnailer.Generate(mutant.Bytes, Spec));

            Assert.True(outcome.Finished, $"{file}, {mutant}: still decoding after {BoundedCall.Limit}");
            if (outcome.Error is not null)
            {
                var decode = Assert.IsType<MediaDecodeException>(outcome.Error, exactMatch: true);
                Assert.False(string.IsNullOrWhiteSpace(decode.Message), $"{file}, {mutant}: empty message");
                Assert.DoesNotContain("\n", decode.Message, StringComparison.Ordinal);
            }
            else
            {
                OutputsDecode(set!);
            }
        }
    }
}
