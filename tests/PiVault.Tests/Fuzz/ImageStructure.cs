using System.Buffers.Binary;

namespace PiVault.Tests.Fuzz;

/// <summary>A width or height field in a file: <paramref name="Size"/> bytes (2, 3 or 4) at <paramref name="Offset"/>.</summary>
public sealed record DimensionField(int Offset, int Size, bool BigEndian, string Where);

/// <summary>
/// A 4-byte TIFF pointer at <paramref name="Offset"/> (relative to <paramref name="Origin"/>, the TIFF header) that
/// leads to the directory at <paramref name="Target"/>; <paramref name="Holder"/> is the directory it sits in.
/// </summary>
public sealed record IfdPointer(int Offset, int Origin, bool BigEndian, long Holder, long Target, string Kind);

/// <summary>
/// Where the fields a hostile file would lie about sit in a corpus file: frame sizes (JPEG SOF, PNG IHDR, TIFF tags,
/// HEIF <c>ispe</c>, WebP VP8X, GIF, BMP) and TIFF directory pointers. Written independently of PiVault's format layer
/// (the oracle must not share the parser's mistakes), and as lenient as a fuzzer needs: what it cannot find, it skips.
/// </summary>
public static class ImageStructure
{
    private const int MaxDirectories = 32;

    public static List<DimensionField> Dimensions(byte[] data)
    {
        var found = new List<DimensionField>();
        if (data is [0xFF, 0xD8, ..])
        {
            WalkJpeg(data, found, null);
        }
        else if (data is [0x89, (byte)'P', (byte)'N', (byte)'G', ..] && data.Length >= 29 && data.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            found.Add(new DimensionField(16, 4, true, "PNG IHDR width"));
            found.Add(new DimensionField(20, 4, true, "PNG IHDR height"));
        }
        else if (data.AsSpan().StartsWith("GIF8"u8) && data.Length >= 10)
        {
            found.Add(new DimensionField(6, 2, false, "GIF screen width"));
            found.Add(new DimensionField(8, 2, false, "GIF screen height"));
        }
        else if (data.AsSpan().StartsWith("BM"u8) && data.Length >= 26)
        {
            found.Add(new DimensionField(18, 4, false, "BMP width"));
            found.Add(new DimensionField(22, 4, false, "BMP height"));
        }
        else if (IsTiff(data, 0))
        {
            WalkTiff(data, 0, found, null);
        }
        AddBoxes(data, found);
        return found;
    }

    public static List<IfdPointer> IfdPointers(byte[] data)
    {
        var found = new List<IfdPointer>();
        if (data is [0xFF, 0xD8, ..])
        {
            WalkJpeg(data, null, found);
        }
        else if (IsTiff(data, 0))
        {
            WalkTiff(data, 0, null, found);
        }
        return found;
    }

    /// <summary>After an IHDR edit: the chunk's CRC again, so decoders reach the dimension checks instead of a CRC error.</summary>
    public static void FixPngHeaderCrc(byte[] data)
    {
        if (data.Length >= 33 && data.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(29), PngCrc(data.AsSpan(12, 17)));
        }
    }

    private static void WalkJpeg(byte[] data, List<DimensionField>? dimensions, List<IfdPointer>? pointers)
    {
        var at = 2;
        for (var segments = 0; segments < 4096 && at + 4 <= data.Length; segments++)
        {
            if (data[at] != 0xFF)
            {
                return;
            }
            var marker = data[at + 1];
            if (marker == 0xFF || marker is >= 0xD0 and <= 0xD9 or 0x01)
            {
                at += marker == 0xFF ? 1 : 2;
                continue;
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at + 2));
            var isFrame = marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);
            if (isFrame && at + 9 <= data.Length)
            {
                dimensions?.Add(new DimensionField(at + 5, 2, true, $"JPEG SOF{marker - 0xC0} height"));
                dimensions?.Add(new DimensionField(at + 7, 2, true, $"JPEG SOF{marker - 0xC0} width"));
            }
            if (marker == 0xE1 && at + 10 <= data.Length && data.AsSpan(at + 4).StartsWith("Exif\0\0"u8) && IsTiff(data, at + 10))
            {
                WalkTiff(data, at + 10, dimensions, pointers);
            }
            if (marker == 0xDA)
            {
                return;
            }
            at += 2 + length;
        }
    }

    private static bool IsTiff(byte[] data, int origin) =>
        origin + 8 <= data.Length && (data[origin] == data[origin + 1]) && data[origin] is (byte)'I' or (byte)'M';

    /// <summary>IFD0 and its chain, and the EXIF, GPS, interoperability and single SubIFD directories, each once.</summary>
    private static void WalkTiff(byte[] data, int origin, List<DimensionField>? dimensions, List<IfdPointer>? pointers)
    {
        var big = data[origin] == 'M';
        var pending = new Queue<long>();
        var seen = new HashSet<long>();
        pending.Enqueue(U32(data, origin + 4, big));
        while (pending.Count > 0 && seen.Count < MaxDirectories)
        {
            var ifd = pending.Dequeue();
            var at = origin + ifd;
            if (!seen.Add(ifd) || ifd < 8 || at + 2 > data.Length)
            {
                continue;
            }
            int count = U16(data, (int)at, big);
            for (var i = 0; i < count && at + 2 + (i + 1) * 12 <= data.Length; i++)
            {
                var entry = (int)at + 2 + i * 12;
                var (tag, type, items) = (U16(data, entry, big), U16(data, entry + 2, big), U32(data, entry + 4, big));
                if (tag is 0x100 or 0x101 or 0xA002 or 0xA003 && items == 1 && type is 3 or 4)
                {
                    dimensions?.Add(new DimensionField(entry + 8, type == 3 ? 2 : 4, big, $"TIFF tag 0x{tag:X4}"));
                }
                if (tag is 0x8769 or 0x8825 or 0xA005 or 0x14A && items == 1 && type is 4 or 13)
                {
                    var target = U32(data, entry + 8, big);
                    pointers?.Add(new IfdPointer(entry + 8, origin, big, ifd, target, $"tag 0x{tag:X4}"));
                    pending.Enqueue(target);
                }
            }
            var next = (int)at + 2 + count * 12;
            if (next + 4 <= data.Length)
            {
                var target = U32(data, next, big);
                pointers?.Add(new IfdPointer(next, origin, big, ifd, target, "next IFD"));
                if (target != 0)
                {
                    pending.Enqueue(target);
                }
            }
        }
    }

    /// <summary>HEIF/AVIF <c>ispe</c> (after version and flags) and WebP VP8X (24-bit size minus one), found by their tags.</summary>
    private static void AddBoxes(byte[] data, List<DimensionField> found)
    {
        var span = data.AsSpan(0, Math.Min(data.Length, 1024 * 1024));
        for (var at = span.IndexOf("ispe"u8); at >= 0 && at + 16 <= data.Length && found.Count < 64;)
        {
            found.Add(new DimensionField(at + 8, 4, true, "HEIF ispe width"));
            found.Add(new DimensionField(at + 12, 4, true, "HEIF ispe height"));
            var next = span[(at + 4)..].IndexOf("ispe"u8);
            at = next < 0 ? -1 : at + 4 + next;
        }
        if (data.Length >= 30 && data.AsSpan(0, 4).SequenceEqual("RIFF"u8) && data.AsSpan(12, 4).SequenceEqual("VP8X"u8))
        {
            found.Add(new DimensionField(24, 3, false, "WebP VP8X width"));
            found.Add(new DimensionField(27, 3, false, "WebP VP8X height"));
        }
    }

    private static ushort U16(byte[] data, int at, bool big) =>
        big ? BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at)) : BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));

    private static uint U32(byte[] data, long at, bool big) => at + 4 > data.Length || at < 0
        ? 0
        : big ? BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan((int)at)) : BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)at));

    /// <summary>The CRC-32 a PNG chunk ends with, over its type and data.</summary>
    public static uint PngCrc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }
        return ~crc;
    }
}
