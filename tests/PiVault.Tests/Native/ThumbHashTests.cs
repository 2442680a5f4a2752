using PiVault.Native.Vips;

namespace PiVault.Tests.Native;

/// <summary>
/// The encoder against vectors from the reference implementation (bench/thumbnails/thumbhash-vectors.mjs
/// builds the same synthetic images and prints these strings). The header (average colour, scales, flags,
/// aspect) must match exactly; each 4-bit AC term may differ by one, because terms that are zero in exact
/// arithmetic land on 7.5 and round either way depending on the last bit of the platform's cosine.
/// </summary>
public sealed class ThumbHashTests
{
    [Theory]
    [InlineData("gradient", "3/cJPZqAh4dwiHiIiHiIiIBwCPh3")]
    [InlineData("portraitWithAlpha", "XquGEwobkIJ3d3iQgvfWh3B3iIiHiHg=")]
    [InlineData("blocks", "IAgCDwCHh4goGAh3eHiBcYcIh4iAAAAA")]
    [InlineData("wideStrip", "3nkNe5pwhniIiGd5iG8KF3c=")]
    public void Matches_the_reference_encoder(string image, string expected)
    {
        var (width, height, rgba) = Synthetic(image);
        var actual = ThumbHash.Encode(width, height, rgba);
        var reference = Convert.FromBase64String(expected);

        Assert.Equal(reference.Length, actual.Length);
        var headerLength = (reference[2] & 0x80) != 0 ? 6 : 5;
        Assert.Equal(reference[..headerLength], actual[..headerLength]);
        var nibbleDifferences = 0;
        for (var i = headerLength; i < reference.Length; i++)
        {
            foreach (var shift in new[] { 0, 4 })
            {
                var difference = Math.Abs(((reference[i] >> shift) & 15) - ((actual[i] >> shift) & 15));
                Assert.True(difference <= 1, $"AC byte {i}: {reference[i]:X2} vs {actual[i]:X2}");
                nibbleDifferences += difference;
            }
        }
        Assert.True(nibbleDifferences <= 3, $"{nibbleDifferences} AC terms off by one");
    }

    [Theory]
    [InlineData(255, 0, 0)]
    [InlineData(30, 140, 220)]
    [InlineData(250, 250, 250)]
    public void A_plain_colour_reads_back_as_its_average(byte r, byte g, byte b)
    {
        var rgba = Enumerable.Range(0, 40 * 30).SelectMany(_ => new[] { r, g, b, (byte)255 }).ToArray();
        var average = ThumbHash.AverageColor(ThumbHash.Encode(40, 30, rgba));
        Assert.Equal(r / 255.0, average.R, 0.03);
        Assert.Equal(g / 255.0, average.G, 0.03);
        Assert.Equal(b / 255.0, average.B, 0.03);
        Assert.Equal(1.0, average.A);
    }

    [Fact]
    public void Transparency_is_flagged_and_averaged()
    {
        var rgba = Enumerable.Range(0, 20 * 20).SelectMany(i => new byte[] { 0, 200, 0, (byte)(i % 2 == 0 ? 255 : 0) }).ToArray();
        var hash = ThumbHash.Encode(20, 20, rgba);
        Assert.Equal(0x80, hash[2] & 0x80);
        Assert.Equal(0.5, ThumbHash.AverageColor(hash).A, 0.07);
    }

    [Fact]
    public void Refuses_images_over_100_pixels_or_with_the_wrong_buffer()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThumbHash.Encode(101, 10, new byte[101 * 10 * 4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThumbHash.Encode(10, 10, new byte[399]));
    }

    /// <summary>The same formulas as thumbhash-vectors.mjs.</summary>
    private static (int Width, int Height, byte[] Rgba) Synthetic(string name)
    {
        (int w, int h, Func<int, int, int[]> pixel) = name switch
        {
            "gradient" => (32, 24, (x, y) => [x * 255 / 31, y * 255 / 23, 128, 255]),
            "portraitWithAlpha" => (20, 30, (x, y) => [200, (x * 7 + y * 3) % 256, 50, (x + y) % 2 == 0 ? 255 : x * 12 % 256]),
            "blocks" => (100, 100, (x, y) => { var v = (x / 10 + y / 10) % 2 * 255; return [v, v, 255 - v, 255]; }),
            "wideStrip" => (7, 3, (Func<int, int, int[]>)((x, y) => [x * 36, 255 - y * 80, x * y * 40 % 256, 255])),
            _ => throw new ArgumentException(name),
        };
        var rgba = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var p = pixel(x, y);
                for (var c = 0; c < 4; c++)
                {
                    rgba[(y * w + x) * 4 + c] = (byte)p[c];
                }
            }
        }
        return (w, h, rgba);
    }
}
