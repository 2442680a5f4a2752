namespace PiVault.Tests.Infrastructure;

/// <summary>
/// Real, decodable JPEGs with bytes of one's choosing: a small corpus photo with comment segments (COM, up to 64 KB
/// each) of seeded random bytes after its start marker. Distinct seeds give distinct checksums; the padding gives size.
/// </summary>
public static class GeneratedJpeg
{
    private static readonly Lazy<byte[]> Base = new(() => File.ReadAllBytes(Uploads.CorpusFile("exif-orientation-examples/Landscape_1.jpg")));

    public static byte[] Make(int seed, int paddingBytes = 64)
    {
        var random = new Random(seed);
        var photo = Base.Value;
        using var jpeg = new MemoryStream(photo.Length + paddingBytes + 1024);
        jpeg.Write(photo.AsSpan(0, 2)); // SOI
        for (var left = Math.Max(1, paddingBytes); left > 0;)
        {
            var length = Math.Min(left, 65_000);
            var payload = new byte[length];
            random.NextBytes(payload);
            jpeg.Write([0xFF, 0xFE, (byte)((length + 2) >> 8), (byte)(length + 2)]);
            jpeg.Write(payload);
            left -= length;
        }
        jpeg.Write(photo.AsSpan(2));
        return jpeg.ToArray();
    }
}
