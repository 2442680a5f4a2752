using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PiVault.Tests.Fuzz;

namespace PiVault.Tests.Infrastructure;

/// <summary>
/// PNGs written byte by byte, for decompression bombs: any size, bit depth, colour type and interlacing, with image data
/// of zeros (which deflate shrinks about a thousandfold). <paramref name="rows"/> limits how much of the data is written:
/// a header-only bomb is enough to test a refusal made from the header, a whole one to decode.
/// </summary>
public static class PngBomb
{
    public const byte Rgba = 6;

    public static byte[] Make(int width, int height, byte bitDepth = 16, byte colorType = Rgba, bool interlaced = true, int? rows = null)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colorType;
        header[12] = interlaced ? (byte)1 : (byte)0;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", Deflated(RawBytes(width, height, bitDepth, colorType, interlaced, rows)));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Filtered scanline bytes (filter byte + row) of every pass, all zero, up to <paramref name="rows"/> rows.</summary>
    private static long RawBytes(int width, int height, byte bitDepth, byte colorType, bool interlaced, int? rows)
    {
        var channels = colorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        long RowBytes(long pixels) => pixels == 0 ? 0 : 1 + ((pixels * channels * bitDepth) + 7) / 8;
        long total = 0;
        if (!interlaced)
        {
            total = RowBytes(width) * Math.Min(height, rows ?? height);
        }
        else
        {
            // Adam7: (x start, y start, x step, y step) of the seven passes.
            int[][] passes = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];
            var left = (long)(rows ?? int.MaxValue);
            foreach (var p in passes)
            {
                var passWidth = width > p[0] ? (width - p[0] + p[2] - 1) / p[2] : 0;
                var passRows = Math.Min(height > p[1] ? (height - p[1] + p[3] - 1) / p[3] : 0, left);
                total += RowBytes(passWidth) * passRows;
                left -= passRows;
            }
        }
        return total;
    }

    private static byte[] Deflated(long zeros)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var block = new byte[1 << 20];
            for (var left = zeros; left > 0; left -= block.Length)
            {
                zlib.Write(block, 0, (int)Math.Min(block.Length, left));
            }
        }
        return output.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        png.Write(typeBytes);
        png.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, ImageStructure.PngCrc([.. typeBytes, .. data]));
        png.Write(crc);
    }
}
