using PiVault.Server.Features.Duplicates;

namespace PiVault.Tests.Duplicates;

public sealed class PerceptualHashTests
{
    [Theory]
    [InlineData(0UL, 0UL, 0)]
    [InlineData(0UL, ulong.MaxValue, 64)]
    [InlineData(0b1011UL, 0b0001UL, 2)]
    [InlineData(0x8000_0000_0000_0000UL, 1UL, 2)]
    public void Distance_counts_the_bits_that_differ(ulong a, ulong b, int expected) => Assert.Equal(expected, PerceptualHash.Distance(a, b));

    [Fact]
    public void A_brighter_copy_has_the_same_hash()
    {
        var sample = Texture(seed: 1);
        var brighter = Array.ConvertAll(sample, v => (byte)(v + 40)); // Texture stays below 200: no clipping
        Assert.NotNull(PerceptualHash.Compute(sample));
        Assert.Equal(PerceptualHash.Compute(sample), PerceptualHash.Compute(brighter));
    }

    [Fact]
    public void A_transposed_picture_is_another_picture()
    {
        var sample = Texture(seed: 2);
        var transposed = new byte[sample.Length];
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                transposed[x * 32 + y] = sample[y * 32 + x];
            }
        }
        var distance = PerceptualHash.Distance(PerceptualHash.Compute(sample)!.Value, PerceptualHash.Compute(transposed)!.Value);
        Assert.True(distance > PerceptualHash.SamePictureDistance, $"distance {distance}");
    }

    [Fact]
    public void Unrelated_pictures_are_about_half_the_bits_apart()
    {
        var hashes = Enumerable.Range(10, 20).Select(seed => PerceptualHash.Compute(Noise(seed))!.Value).ToList();
        var distances = hashes.SelectMany((a, i) => hashes.Skip(i + 1).Select(b => PerceptualHash.Distance(a, b))).ToList();
        Assert.True(distances.Min() > PerceptualHash.SamePictureDistance, $"closest pair {distances.Min()}");
        Assert.InRange(distances.Average(), 26, 38);
    }

    [Fact]
    public void A_flat_picture_has_no_hash()
    {
        var flat = Enumerable.Range(0, 32 * 32).Select(i => (byte)(120 + i % 2)).ToArray(); // ±0.5 grey levels of noise
        Assert.Null(PerceptualHash.Compute(flat));
    }

    [Fact]
    public void A_sample_of_the_wrong_size_is_refused() => Assert.Throws<ArgumentException>(() => PerceptualHash.Compute(new byte[31 * 31]));

    /// <summary>Every pixel random (values 20–199): every frequency independent, so two samples share each bit by chance.</summary>
    private static byte[] Noise(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 32 * 32).Select(_ => (byte)random.Next(20, 200)).ToArray();
    }

    /// <summary>Smooth random blobs (what a photo's 32 × 32 sample looks like), values 20–199.</summary>
    private static byte[] Texture(int seed)
    {
        var random = new Random(seed);
        var coarse = new double[5, 5];
        for (var y = 0; y < 5; y++)
        {
            for (var x = 0; x < 5; x++)
            {
                coarse[y, x] = random.NextDouble();
            }
        }
        var sample = new byte[32 * 32];
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                var (fy, fx) = (y / 31.0 * 4, x / 31.0 * 4);
                var (y0, x0) = (Math.Min((int)fy, 3), Math.Min((int)fx, 3));
                var (ty, tx) = (fy - y0, fx - x0);
                var top = coarse[y0, x0] * (1 - tx) + coarse[y0, x0 + 1] * tx;
                var bottom = coarse[y0 + 1, x0] * (1 - tx) + coarse[y0 + 1, x0 + 1] * tx;
                sample[y * 32 + x] = (byte)(20 + 179 * (top * (1 - ty) + bottom * ty));
            }
        }
        return sample;
    }
}
