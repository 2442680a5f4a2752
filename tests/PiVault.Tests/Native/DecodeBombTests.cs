using PiVault.Native.Vips;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Native;

/// <summary>
/// Decompression bombs (issue 07): a 2.2 MB interlaced 16-bit RGBA PNG of 17000×17000 took 2.9 GB to decode. Decode
/// memory is now estimated from the header (bands, bit depth, interlacing, the loader) and reserved from a budget
/// shared by all workers and sized from the machine; what alone exceeds it is refused before a pixel is decoded.
/// Peak RSS is measured in bench/thumbnails (bench/results/decode-bomb.md), not here.
/// </summary>
public sealed class DecodeBombTests
{
    private const long MiB = 1024 * 1024;
    private static readonly ThumbnailSpec Spec = new();

    public static TheoryData<long> Pis => new() { 2048 * MiB, 8192 * MiB };

    [Theory]
    [MemberData(nameof(Pis))]
    public void The_interlaced_16_bit_rgba_png_of_issue_07_is_refused_before_decoding_on_a_2_and_an_8_GB_pi(long machine)
    {
        var budget = new DecodeMemoryBudget(DecodeMemoryBudget.ForMachine(machine));
        var thumbnailer = new VipsThumbnailer(budget: budget);
        var bomb = PngBomb.Make(17000, 17000, bitDepth: 16, interlaced: true, rows: 64); // the header is what counts

        var e = Assert.Throws<MediaDecodeException>(() => thumbnailer.Generate(bomb, Spec));

        Assert.Contains("17000×17000, 4 bands of 16 bits, interlaced", e.Message, StringComparison.Ordinal);
        Assert.Contains("refused before decoding", e.Message, StringComparison.Ordinal);
        Assert.Contains($"more than the {budget.TotalBytes / MiB} MB", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public void The_same_pixels_not_interlaced_stream_with_shrink_on_load_and_decode_within_a_small_budget()
    {
        var budget = new DecodeMemoryBudget(256 * MiB);
        var thumbnailer = new VipsThumbnailer(budget: budget);
        var interlaced = PngBomb.Make(6000, 6000, bitDepth: 16, interlaced: true); // 288 MB of pixels once decoded
        var streamed = PngBomb.Make(6000, 6000, bitDepth: 16, interlaced: false);
        Assert.True(streamed.Length < 1024 * 1024, $"the bomb is {streamed.Length} bytes on disk");

        Assert.Throws<MediaDecodeException>(() => thumbnailer.Generate(interlaced, Spec));
        var set = thumbnailer.Generate(streamed, Spec);

        Assert.Equal((6000, 6000), (set.SourceWidth, set.SourceHeight));
        Assert.Equal(1440, set.PreviewWidth);
        Assert.Equal(0, budget.InUse);
    }

    [Theory]
    [InlineData("VipsForeignLoadPngFile", 17000, 17000, 4, 2, true, 2204)]   // the issue's bomb: the whole image at 16 bits (2.3 GB)
    [InlineData("VipsForeignLoadPngFile", 17000, 17000, 4, 2, false, 398)]   // the same, streamed: 3072 rows
    [InlineData("VipsForeignLoadJpegFile", 17000, 17000, 3, 1, true, 1653)]  // progressive JPEG: every DCT coefficient, 2 bytes
    [InlineData("VipsForeignLoadJpegFile", 17000, 17000, 3, 1, false, 149)]  // baseline JPEG: shrink-on-load, streamed
    [InlineData("VipsForeignLoadHeifFile", 8000, 6000, 3, 1, false, 137)]    // HEIF is decoded whole
    [InlineData("VipsForeignLoadMagickFile", 8000, 8000, 3, 1, false, 671)]  // BMP through ImageMagick: its 16-bit RGBA copy too
    public void The_estimate_counts_bands_bit_depth_interlacing_and_the_loader(
        string loader, int width, int height, int bands, int bytesPerSample, bool interlaced, long decodeMiB)
    {
        var shape = new DecodeShape(loader, width, height, bands, bytesPerSample, interlaced, OutputPixels: 1440L * 1440);
        var fixedPart = (1440L * 1440 * Math.Max(bands, 3)) + (16 * MiB);
        var decode = shape.EstimatedBytes - fixedPart;
        Assert.Equal(decodeMiB, decode / MiB);
    }

    [Theory]
    [InlineData(1024L, 256L)]   // a small box: the floor
    [InlineData(2048L, 256L)]   // Pi 4, 2 GB
    [InlineData(4096L, 512L)]   // Pi 4, 4 GB
    [InlineData(8192L, 640L)]   // Pi 4, 8 GB: with the server's own memory under DESIGN's 1 GB peak
    [InlineData(65536L, 640L)]  // a big server: the ceiling (raised with decode-memory-mb)
    public void The_budget_is_an_eighth_of_the_machine_between_256_and_640_MB(long machineMiB, long budgetMiB) =>
        Assert.Equal(budgetMiB * MiB, DecodeMemoryBudget.ForMachine(machineMiB * MiB));

    [Fact]
    public async Task Decodes_that_together_exceed_the_budget_wait_for_each_other()
    {
        var budget = new DecodeMemoryBudget(400 * MiB);
        var big = new DecodeShape("VipsForeignLoadHeifFile", 10000, 8000, 3, 1, false, 0); // ~245 MB

        var first = budget.Reserve(big);
        var second = Task.Run(() => budget.Reserve(big));
        await Task.Delay(300);
        Assert.False(second.IsCompleted, "the second decode should wait while the first holds the memory");
        Assert.Equal(first.Bytes, budget.InUse);

        first.Dispose();
        using var secondReservation = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(secondReservation.Bytes, budget.InUse);
        first.Dispose(); // twice is harmless
        Assert.Equal(secondReservation.Bytes, budget.InUse);
    }
}
