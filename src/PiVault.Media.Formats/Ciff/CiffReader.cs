namespace PiVault.Media.Formats;

/// <summary>One CIFF directory entry, with its value's absolute position.</summary>
/// <param name="Tag">The 16-bit tag: bits 14–15 say where the value is, bits 11–13 its data type, the rest its id.</param>
/// <param name="Depth">0 for the root heap's entries, 1 for those of a sub-heap, ….</param>
public readonly record struct CiffEntry(ushort Tag, long Offset, long Size, int Depth)
{
    /// <summary>The tag without its location bits (e.g. 0x2007 JpgFromRaw, 0x180E capture time).</summary>
    public int Id => Tag & 0x3FFF;

    /// <summary>Data types 0x2800 and 0x3000 are sub-heaps; the walker enters them.</summary>
    public bool IsHeap => (Tag & 0x3800) is 0x2800 or 0x3000;

    /// <summary>Location 0x4000: up to 8 bytes stored in the entry itself rather than in the heap.</summary>
    public bool InRecord => (Tag & 0xC000) == 0x4000;
}

/// <summary>
/// Canon's CIFF (Camera Image File Format, 1997–2004): CRW raws and the APP0 block of early PowerShot JPEGs. After
/// the header ("II"/"MM", header length, "HEAP…") comes the root heap; a heap ends with a 32-bit offset to its
/// directory: a 16-bit count, then 10-byte entries (tag, size, offset from the heap's start). Every table and value
/// must lie inside its heap; sub-heaps are entered at most <see cref="MaxDepth"/> deep.
/// </summary>
public sealed class CiffReader
{
    public const int MaxDepth = 4;
    public const int MaxEntriesPerHeap = 1024;
    private const int EntrySize = 10;

    private readonly long _rootStart;
    private readonly long _rootEnd;

    private CiffReader(ByteSource source, ByteOrder order, long rootStart, long rootEnd)
    {
        Source = source;
        Order = order;
        _rootStart = rootStart;
        _rootEnd = rootEnd;
    }

    public static ReadOnlySpan<byte> CrwMagic => "HEAPCCDR"u8;
    public static ReadOnlySpan<byte> JpegMagic => "HEAPJPGM"u8;

    public ByteSource Source { get; }
    public ByteOrder Order { get; }

    /// <summary>Opens CIFF whose header starts at <paramref name="origin"/> and which spans <paramref name="length"/> bytes.</summary>
    public static CiffReader? TryOpen(ByteSource source, long origin, long length)
    {
        Span<byte> header = stackalloc byte[14];
        if (!source.TryReadExactly(origin, header) || ByteOrder.FromMark(header) is not { } order || !header[6..].StartsWith("HEAP"u8))
        {
            return null;
        }
        var headerLength = order.U32(header[2..]);
        return headerLength < 14 || headerLength >= length ? null : new CiffReader(source, order, origin + headerLength, Math.Min(origin + length, source.Length));
    }

    /// <summary>Every entry of the root heap and its sub-heaps, depth first in directory order (a sub-heap's entry, then its contents).</summary>
    public IEnumerable<CiffEntry> Entries() => Heap(_rootStart, _rootEnd, 0);

    /// <summary>A 32-bit value at <paramref name="at"/> bytes into an entry's value, or null when that is outside it.</summary>
    public uint? ReadUInt32(CiffEntry entry, long at) =>
        at >= 0 && at + 4 <= entry.Size && Source.TryReadUInt32(entry.Offset + at, Order, out var value) ? value : null;

    private IEnumerable<CiffEntry> Heap(long start, long end, int depth)
    {
        if (depth > MaxDepth || end - start < 6 || !Source.TryReadUInt32(end - 4, Order, out var tableOffset))
        {
            yield break;
        }
        var directory = start + tableOffset;
        if (directory + 2 > end || !Source.TryReadUInt16(directory, Order, out var declared))
        {
            yield break;
        }
        var count = Math.Min((int)declared, MaxEntriesPerHeap);
        if (directory + 2 + count * (long)EntrySize > end || Source.ReadBlock(directory + 2, count * (long)EntrySize) is not { } table)
        {
            yield break;
        }
        for (var i = 0; i < count; i++)
        {
            var raw = table.AsSpan(i * EntrySize, EntrySize);
            var tag = Order.U16(raw);
            var inRecord = (tag & 0xC000) == 0x4000;
            long size = inRecord ? 8 : Order.U32(raw[2..]);
            long offset = inRecord ? directory + 2 + i * (long)EntrySize + 2 : start + Order.U32(raw[6..]);
            if (offset + size > end)
            {
                continue; // points outside its heap
            }
            var entry = new CiffEntry(tag, offset, size, depth);
            yield return entry;
            if (entry.IsHeap && !inRecord)
            {
                foreach (var inner in Heap(offset, offset + size, depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }
}
