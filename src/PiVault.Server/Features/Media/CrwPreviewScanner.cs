using System.Buffers.Binary;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Canon CRW (CIFF): nested "heaps" whose directory sits at the end of each heap (its offset in the heap's last
/// four bytes), entries of tag, size, offset. JpgFromRaw (0x2007) is the camera's full JPEG; ImageInfo (0x1810)
/// carries a rotation in degrees, reported as orientation only when it is 0 (the direction convention of the other
/// values is not confirmed here).
/// </summary>
internal static class CrwPreviewScanner
{
    private const int MaxDepth = 4;
    private const int MaxEntries = 512;
    private const int EntrySize = 10;
    private const ushort JpgFromRaw = 0x2007;
    private const ushort ImageInfo = 0x1810;

    public static bool IsCrw(ReadOnlySpan<byte> head) =>
        head.Length >= 14 && (head.StartsWith("II"u8) || head.StartsWith("MM"u8)) && head[6..14].SequenceEqual("HEAPCCDR"u8);

    public static void Scan(RawFileReader file, PreviewCandidates found)
    {
        Span<byte> order = stackalloc byte[2];
        if (file.TryRead(0, order) && file.TryReadUInt32(2, order[0] == (byte)'M', out var headerLength))
        {
            ScanHeap(file, order[0] == (byte)'M', headerLength, file.Length, found, 0);
        }
    }

    private static void ScanHeap(RawFileReader file, bool bigEndian, long start, long end, PreviewCandidates found, int depth)
    {
        if (depth > MaxDepth || end - start < 6 || !file.TryReadUInt32(end - 4, bigEndian, out var tableOffset)
            || tableOffset > end - start - 6 || !file.TryReadUInt16(start + tableOffset, bigEndian, out var count)
            || count > MaxEntries || start + tableOffset + 2 + (long)count * EntrySize > end)
        {
            return;
        }
        var entries = new byte[count * EntrySize];
        if (!file.TryRead(start + tableOffset + 2, entries))
        {
            return;
        }
        for (var i = 0; i < count; i++)
        {
            var entry = entries.AsSpan(i * EntrySize, EntrySize);
            var tag = Read16(entry, bigEndian);
            var size = Read32(entry[2..], bigEndian);
            var offset = Read32(entry[6..], bigEndian);
            var location = tag & 0xC000;
            var dataType = tag & 0x3800;
            if (location != 0 || offset > end - start || size > end - start - offset)
            {
                continue; // stored inside the entry itself, or pointing outside this heap
            }
            var dataStart = start + offset;
            if (dataType is 0x2800 or 0x3000)
            {
                ScanHeap(file, bigEndian, dataStart, dataStart + size, found, depth + 1);
            }
            else if ((tag & 0x3FFF) == JpgFromRaw)
            {
                found.Add(dataStart, size, "CRW JpgFromRaw");
            }
            else if ((tag & 0x3FFF) == ImageInfo && size >= 16 && file.TryReadUInt32(dataStart + 12, bigEndian, out var rotation) && rotation == 0)
            {
                found.SetOrientation(1);
            }
        }
    }

    private static ushort Read16(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private static uint Read32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
