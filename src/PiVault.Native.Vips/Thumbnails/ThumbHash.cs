namespace PiVault.Native.Vips;

/// <summary>
/// ThumbHash (Evan Wallace, 2023): a ~25-byte placeholder from which a client paints a blurred preview.
/// Written from the format's description: the image (at most 100×100, RGBA) is composited over its own
/// average colour, split into luminance L, chroma P = (R+G)/2 − B and Q = R − G, and alpha A; each channel is
/// reduced to its lowest 2-D DCT coefficients (a triangle of them: L up to 7 per axis, P and Q 3, A 5).
/// Five header bytes hold the DC terms and scales, then each AC coefficient is quantised to 4 bits.
/// </summary>
internal static class ThumbHash
{
    public const int MaxSide = 100;

    /// <summary>Encodes <paramref name="rgba"/> (4 bytes per pixel, row-major, not premultiplied).</summary>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> rgba)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSide);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSide);
        ArgumentOutOfRangeException.ThrowIfNotEqual(rgba.Length, width * height * 4);

        var pixels = width * height;
        var (averageR, averageG, averageB, totalAlpha) = AlphaWeightedAverage(rgba);
        var hasAlpha = totalAlpha < pixels;

        // Composite over the average colour, so transparent areas don't drag the colour towards black.
        var l = new double[pixels];
        var p = new double[pixels];
        var q = new double[pixels];
        var a = new double[pixels];
        for (var i = 0; i < pixels; i++)
        {
            var alpha = rgba[i * 4 + 3] / 255.0;
            var r = averageR * (1 - alpha) + alpha / 255 * rgba[i * 4];
            var g = averageG * (1 - alpha) + alpha / 255 * rgba[i * 4 + 1];
            var b = averageB * (1 - alpha) + alpha / 255 * rgba[i * 4 + 2];
            l[i] = (r + g + b) / 3;
            p[i] = (r + g) / 2 - b;
            q[i] = r - g;
            a[i] = alpha;
        }

        // The luminance grid follows the aspect ratio, with fewer terms when alpha needs room.
        var luminanceLimit = hasAlpha ? 5 : 7;
        var longSide = Math.Max(width, height);
        var lx = Math.Max(1, RoundHalfUp(luminanceLimit * width / (double)longSide));
        var ly = Math.Max(1, RoundHalfUp(luminanceLimit * height / (double)longSide));
        var lChannel = DctChannel.Encode(l, width, height, Math.Max(3, lx), Math.Max(3, ly));
        var pChannel = DctChannel.Encode(p, width, height, 3, 3);
        var qChannel = DctChannel.Encode(q, width, height, 3, 3);
        var aChannel = hasAlpha ? DctChannel.Encode(a, width, height, 5, 5) : null;

        var isLandscape = width > height;
        var header24 = RoundHalfUp(63 * lChannel.Dc)
            | RoundHalfUp(31.5 + 31.5 * pChannel.Dc) << 6
            | RoundHalfUp(31.5 + 31.5 * qChannel.Dc) << 12
            | RoundHalfUp(31 * lChannel.Scale) << 18
            | (hasAlpha ? 1 : 0) << 23;
        var header16 = (isLandscape ? ly : lx)
            | RoundHalfUp(63 * pChannel.Scale) << 3
            | RoundHalfUp(63 * qChannel.Scale) << 9
            | (isLandscape ? 1 : 0) << 15;

        DctChannel[] channels = aChannel is null ? [lChannel, pChannel, qChannel] : [lChannel, pChannel, qChannel, aChannel];
        var acCount = channels.Sum(channel => channel.Ac.Length);
        var acStart = hasAlpha ? 6 : 5;
        var hash = new byte[acStart + (acCount + 1) / 2];
        hash[0] = (byte)header24;
        hash[1] = (byte)(header24 >> 8);
        hash[2] = (byte)(header24 >> 16);
        hash[3] = (byte)header16;
        hash[4] = (byte)(header16 >> 8);
        if (aChannel is not null)
        {
            hash[5] = (byte)(RoundHalfUp(15 * aChannel.Dc) | RoundHalfUp(15 * aChannel.Scale) << 4);
        }

        // Two 4-bit AC terms per byte, low nibble first.
        var index = 0;
        foreach (var channel in channels)
        {
            foreach (var coefficient in channel.Ac)
            {
                hash[acStart + (index >> 1)] |= (byte)(RoundHalfUp(15 * coefficient) << ((index & 1) * 4));
                index++;
            }
        }
        return hash;
    }

    /// <summary>The average colour a decoder reads from the header, each component 0–1.</summary>
    public static (double R, double G, double B, double A) AverageColor(ReadOnlySpan<byte> hash)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hash.Length, 5);
        var header = hash[0] | hash[1] << 8 | hash[2] << 16;
        var l = (header & 63) / 63.0;
        var p = ((header >> 6) & 63) / 31.5 - 1;
        var q = ((header >> 12) & 63) / 31.5 - 1;
        var hasAlpha = (header >> 23) != 0;
        var a = hasAlpha && hash.Length > 5 ? (hash[5] & 15) / 15.0 : 1;
        var b = l - 2.0 / 3 * p;
        var r = (3 * l - b + q) / 2;
        var g = r - q;
        return (Math.Clamp(r, 0, 1), Math.Clamp(g, 0, 1), Math.Clamp(b, 0, 1), a);
    }

    private static (double R, double G, double B, double TotalAlpha) AlphaWeightedAverage(ReadOnlySpan<byte> rgba)
    {
        double r = 0, g = 0, b = 0, totalAlpha = 0;
        for (var i = 0; i < rgba.Length; i += 4)
        {
            var alpha = rgba[i + 3] / 255.0;
            r += alpha / 255 * rgba[i];
            g += alpha / 255 * rgba[i + 1];
            b += alpha / 255 * rgba[i + 2];
            totalAlpha += alpha;
        }
        return totalAlpha > 0 ? (r / totalAlpha, g / totalAlpha, b / totalAlpha, totalAlpha) : (0, 0, 0, 0);
    }

    /// <summary>JavaScript's Math.round (halves go up), which the reference decoders assume.</summary>
    private static int RoundHalfUp(double value) => (int)Math.Floor(value + 0.5);

    /// <summary>One channel's DCT terms: the DC term, the AC terms scaled into 0–1, and that scale.</summary>
    private sealed record DctChannel(double Dc, double[] Ac, double Scale)
    {
        /// <summary>
        /// Coefficients (cx, cy) with cx·ny &lt; nx·(ny − cy): a triangle that drops the high diagonal frequencies.
        /// </summary>
        public static DctChannel Encode(double[] channel, int width, int height, int nx, int ny)
        {
            double dc = 0, scale = 0;
            var ac = new List<double>();
            var cosX = new double[width];
            for (var cy = 0; cy < ny; cy++)
            {
                for (var cx = 0; cx * ny < nx * (ny - cy); cx++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        cosX[x] = Math.Cos(Math.PI / width * cx * (x + 0.5));
                    }
                    double sum = 0;
                    for (var y = 0; y < height; y++)
                    {
                        var cosY = Math.Cos(Math.PI / height * cy * (y + 0.5));
                        for (var x = 0; x < width; x++)
                        {
                            sum += channel[x + y * width] * cosX[x] * cosY;
                        }
                    }
                    var coefficient = sum / (width * height);
                    if (cx == 0 && cy == 0)
                    {
                        dc = coefficient;
                    }
                    else
                    {
                        ac.Add(coefficient);
                        scale = Math.Max(scale, Math.Abs(coefficient));
                    }
                }
            }
            var normalised = scale > 0 ? ac.Select(f => 0.5 + 0.5 / scale * f).ToArray() : ac.ToArray();
            return new DctChannel(dc, normalised, scale);
        }
    }
}
