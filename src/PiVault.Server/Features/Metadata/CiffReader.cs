using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Canon's CIFF (Camera Image File Format, 1997–2004): CRW raws and the APP0 block of early PowerShot JPEGs.
/// A heap ends with a 32-bit offset to its directory: a 16-bit count, then 10-byte entries (tag, size, offset);
/// directory types 0x2800/0x3000 are sub-heaps. Only the capture time (0x180E) and make/model (0x080A) are read.
/// </summary>
internal static class CiffReader
{
    private const int MaxDepth = 4;
    private const int MaxEntries = 1024;
    private const ushort CaptureTime = 0x180E, MakeModel = 0x080A;

    public static ReadOnlySpan<byte> CrwMagic => "HEAPCCDR"u8;
    public static ReadOnlySpan<byte> JpegMagic => "HEAPJPGM"u8;

    /// <summary>Reads CIFF whose header ("II", header length, "HEAP…") starts at <paramref name="origin"/>.</summary>
    public static bool TryRead(ByteSource source, long origin, long length, FoundMetadata into)
    {
        Span<byte> header = stackalloc byte[14];
        if (!source.TryReadExactly(origin, header) || header[0] != header[1] || header[0] is not ((byte)'I' or (byte)'M'))
        {
            return false;
        }
        var littleEndian = header[0] == 'I';
        var headerLength = U32(header[2..], littleEndian);
        if (!header[6..].StartsWith("HEAP"u8) || headerLength < 14 || headerLength >= length)
        {
            return false;
        }
        ReadHeap(source, origin + headerLength, Math.Min(origin + length, source.Length), littleEndian, into, 0);
        return true;
    }

    private static void ReadHeap(ByteSource source, long start, long end, bool littleEndian, FoundMetadata into, int depth)
    {
        Span<byte> word = stackalloc byte[4];
        if (depth > MaxDepth || end - start < 6 || !source.TryReadExactly(end - 4, word))
        {
            return;
        }
        var directory = start + U32(word, littleEndian);
        if (directory < start || directory + 2 > end || !source.TryReadExactly(directory, word[..2]))
        {
            return;
        }
        var count = Math.Min((int)U16(word, littleEndian), MaxEntries);
        var table = source.ReadBlock(directory + 2, count * 10L);
        if (table is null)
        {
            return;
        }
        for (var i = 0; i < count; i++)
        {
            var entry = table.AsSpan(i * 10, 10);
            var tag = U16(entry, littleEndian);
            var inRecord = (tag & 0xC000) == 0x4000;
            long size = inRecord ? 8 : U32(entry[2..], littleEndian);
            long offset = inRecord ? directory + 2 + i * 10L + 2 : start + U32(entry[6..], littleEndian);
            if (offset < 0 || size < 0 || offset + size > end)
            {
                continue;
            }
            if ((tag & 0x3800) is 0x2800 or 0x3000)
            {
                ReadHeap(source, offset, offset + size, littleEndian, into, depth + 1);
            }
            else if ((tag & 0x3FFF) == CaptureTime && source.ReadBlock(offset, 4) is { } seconds)
            {
                // Seconds since 1970 on the camera's clock: a wall clock, not UTC.
                var wall = DateTime.UnixEpoch.AddSeconds(U32(seconds, littleEndian));
                into.Original.SetValue(wall.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture));
            }
            else if ((tag & 0x3FFF) == MakeModel && source.ReadBlock(offset, Math.Min(size, 256)) is { } text)
            {
                var parts = Encoding.Latin1.GetString(text).Split('\0');
                into.SetMake(parts[0]);
                into.SetModel(parts.Length > 1 ? parts[1] : null);
            }
        }
    }

    private static ushort U16(ReadOnlySpan<byte> b, bool le) => le ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
    private static uint U32(ReadOnlySpan<byte> b, bool le) => le ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
