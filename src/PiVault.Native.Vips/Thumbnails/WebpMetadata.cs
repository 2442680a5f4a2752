using System.Buffers.Binary;

namespace PiVault.Native.Vips;

/// <summary>
/// Removes EXIF, XMP and ICC chunks from a WebP file. Debian's libvips 8.14 WebP saver writes a small EXIF
/// chunk even with strip set and no EXIF on the image, so the container is cleaned after encoding.
/// </summary>
internal static class WebpMetadata
{
    private const byte IccFlag = 0x20;
    private const byte ExifFlag = 0x08;
    private const byte XmpFlag = 0x04;

    /// <summary>The same image without metadata chunks; input that is not a RIFF/WebP file comes back unchanged.</summary>
    public static byte[] Strip(byte[] webp)
    {
        if (webp.Length < 12 || !webp.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !webp.AsSpan(8, 4).SequenceEqual("WEBP"u8))
        {
            return webp;
        }
        using var output = new MemoryStream(webp.Length);
        output.Write(webp, 0, 12);
        var offset = 12;
        while (offset + 8 <= webp.Length)
        {
            var fourCc = webp.AsSpan(offset, 4);
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(offset + 4, 4));
            var padded = 8 + size + (size & 1);
            if (size < 0 || offset + padded > webp.Length)
            {
                return webp;
            }
            if (!(fourCc.SequenceEqual("EXIF"u8) || fourCc.SequenceEqual("XMP "u8) || fourCc.SequenceEqual("ICCP"u8)))
            {
                var start = (int)output.Position;
                output.Write(webp, offset, padded);
                if (fourCc.SequenceEqual("VP8X"u8) && size >= 1)
                {
                    output.GetBuffer()[start + 8] &= unchecked((byte)~(IccFlag | ExifFlag | XmpFlag));
                }
            }
            offset += padded;
        }
        var result = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4, 4), (uint)(result.Length - 8));
        return result;
    }
}
