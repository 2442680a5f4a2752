using System.Numerics;

namespace PiVault.Server.Features.Duplicates;

/// <summary>
/// The DCT perceptual hash (pHash): a 32 × 32 grey sample of the picture, its 2-D DCT-II, the 8 × 8 lowest
/// frequencies, each bit "this coefficient is above the median of the 63 non-DC ones". Resizing, recompression,
/// re-encoding and small crops barely move the low frequencies; different pictures differ in about half the bits.
/// Pure arithmetic: the sample comes from <c>GrayscaleSample</c> over the stored preview.
/// </summary>
public static class PerceptualHash
{
    /// <summary>The side of the grey sample the hash is computed from.</summary>
    public const int SampleSide = 32;

    private const int Kept = 8;

    /// <summary>
    /// Hashes at most this many bits apart are the same picture. Measured over the corpus (docs/duplicates.md,
    /// bench/results/duplicates.md): the variants the tests make (50 % resize, JPEG Q30, 3 % crop, PNG) stay within
    /// this, while the closest pair of genuinely different corpus pictures is well above it.
    /// </summary>
    public const int SamePictureDistance = 10;

    /// <summary>cos(π (2n + 1) k / 64) for the 8 kept frequencies k and the 32 sample positions n.</summary>
    private static readonly double[,] Cosines = BuildCosines();

    /// <summary>
    /// Below this standard deviation (grey levels) a sample is one flat colour: a black pocket shot, a blank page. Its
    /// low frequencies are rounding noise, so its hash would match every other flat picture's by chance.
    /// </summary>
    public const double FlatDeviation = 2.0;

    /// <summary>
    /// The hash of a <see cref="SampleSide"/>² grey sample, row by row; bit <c>8u + v</c> is frequency (u, v). Null for a
    /// flat picture (<see cref="FlatDeviation"/>), which has no shape to compare and is never grouped.
    /// </summary>
    public static ulong? Compute(ReadOnlySpan<byte> sample)
    {
        if (sample.Length != SampleSide * SampleSide)
        {
            throw new ArgumentException($"A perceptual hash needs a {SampleSide}×{SampleSide} sample.", nameof(sample));
        }
        if (Deviation(sample) < FlatDeviation)
        {
            return null;
        }
        // Rows first: each of the 32 rows to its 8 lowest horizontal frequencies.
        var rows = new double[SampleSide, Kept];
        for (var y = 0; y < SampleSide; y++)
        {
            for (var v = 0; v < Kept; v++)
            {
                double sum = 0;
                for (var x = 0; x < SampleSide; x++)
                {
                    sum += sample[y * SampleSide + x] * Cosines[v, x];
                }
                rows[y, v] = sum;
            }
        }
        Span<double> coefficients = stackalloc double[Kept * Kept];
        for (var u = 0; u < Kept; u++)
        {
            for (var v = 0; v < Kept; v++)
            {
                double sum = 0;
                for (var y = 0; y < SampleSide; y++)
                {
                    sum += rows[y, v] * Cosines[u, y];
                }
                coefficients[u * Kept + v] = sum;
            }
        }
        var median = MedianWithoutDc(coefficients);
        ulong hash = 0;
        for (var i = 0; i < Kept * Kept; i++)
        {
            if (coefficients[i] > median)
            {
                hash |= 1UL << i;
            }
        }
        return hash;
    }

    /// <summary>How many bits two hashes differ in: 0 for the same picture, about 32 for unrelated ones.</summary>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    /// <summary>Whether two hashes are of the same picture by <see cref="SamePictureDistance"/>.</summary>
    public static bool SamePicture(ulong a, ulong b) => Distance(a, b) <= SamePictureDistance;

    /// <summary>The median of the AC coefficients: the DC term is the average brightness, which says nothing about the picture.</summary>
    private static double MedianWithoutDc(ReadOnlySpan<double> coefficients)
    {
        Span<double> ac = stackalloc double[coefficients.Length - 1];
        coefficients[1..].CopyTo(ac);
        ac.Sort();
        return ac[ac.Length / 2]; // 63 values: the 32nd; it and the ones equal to it become 0 bits
    }

    private static double Deviation(ReadOnlySpan<byte> sample)
    {
        double sum = 0, squares = 0;
        foreach (var value in sample)
        {
            sum += value;
            squares += value * value;
        }
        var mean = sum / sample.Length;
        return Math.Sqrt(Math.Max(0, squares / sample.Length - mean * mean));
    }

    private static double[,] BuildCosines()
    {
        var table = new double[Kept, SampleSide];
        for (var k = 0; k < Kept; k++)
        {
            for (var n = 0; n < SampleSide; n++)
            {
                table[k, n] = Math.Cos(Math.PI * (2 * n + 1) * k / (2 * SampleSide));
            }
        }
        return table;
    }
}
