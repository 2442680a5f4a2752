using System.Buffers.Binary;

namespace PiVault.Server.Features.Media;

/// <summary>Where a TIFF structure lives: offsets inside it are relative to <paramref name="Base"/>.</summary>
internal readonly record struct TiffView(long Base, bool BigEndian)
{
    /// <summary>
    /// Reads a TIFF header ("II" or "MM", a 16-bit magic, the first IFD's offset) at <paramref name="offset"/>.
    /// The magic is not checked: RAW makers use their own ("IIRO" for ORF, "IIU\0" for RW2).
    /// </summary>
    public static (TiffView View, uint FirstIfd)? ReadHeader(RawFileReader file, long offset)
    {
        Span<byte> order = stackalloc byte[2];
        if (!file.TryRead(offset, order) || order[0] != order[1] || order[0] is not ((byte)'I' or (byte)'M'))
        {
            return null;
        }
        var view = new TiffView(offset, order[0] == (byte)'M');
        return file.TryReadUInt32(offset + 4, view.BigEndian, out var first) ? (view, first) : null;
    }
}

/// <summary>One 12-byte IFD entry; <paramref name="FieldPosition"/> is the absolute position of its 4-byte value field.</summary>
internal readonly record struct TiffEntry(ushort Tag, ushort Type, uint Count, long FieldPosition);

/// <summary>
/// One image file directory read in a single bounded read, with typed access to its values. Every value read is
/// bounds-checked by <see cref="RawFileReader"/>; arrays are capped by the caller.
/// </summary>
internal sealed class TiffDirectory
{
    /// <summary>Real directories have a few dozen entries; a count in the thousands is a corrupt offset.</summary>
    private const int MaxEntries = 1000;

    private readonly RawFileReader file;
    private readonly TiffEntry[] entries;

    private TiffDirectory(RawFileReader file, TiffView view, TiffEntry[] entries, uint nextOffset)
    {
        this.file = file;
        this.entries = entries;
        View = view;
        NextOffset = nextOffset;
    }

    public TiffView View { get; }

    /// <summary>Offset of the next directory in the chain (relative to the view), 0 at the end.</summary>
    public uint NextOffset { get; }

    public static TiffDirectory? Read(RawFileReader file, TiffView view, long offset)
    {
        var start = view.Base + offset;
        if (offset <= 0 || !file.TryReadUInt16(start, view.BigEndian, out var count) || count == 0 || count > MaxEntries)
        {
            return null;
        }
        var bytes = new byte[count * 12 + 4];
        if (!file.TryRead(start + 2, bytes))
        {
            return null;
        }
        var entries = new TiffEntry[count];
        for (var i = 0; i < count; i++)
        {
            var entry = bytes.AsSpan(i * 12, 12);
            entries[i] = new TiffEntry(U16(entry, view.BigEndian), U16(entry[2..], view.BigEndian), U32(entry[4..], view.BigEndian), start + 2 + i * 12 + 8);
        }
        return new TiffDirectory(file, view, entries, U32(bytes.AsSpan(count * 12), view.BigEndian));
    }

    public TiffEntry? Find(ushort tag)
    {
        foreach (var entry in entries)
        {
            if (entry.Tag == tag)
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>The first value of an unsigned integer tag (BYTE, SHORT, LONG or IFD), or null.</summary>
    public uint? Value(ushort tag) => Find(tag) is { } entry && ReadIntegers(entry, 1) is [var first, ..] ? first : null;

    /// <summary>All values of an unsigned integer tag; none when it is absent, of another type, or has more than <paramref name="max"/>.</summary>
    public IReadOnlyList<uint> Values(ushort tag, int max) =>
        Find(tag) is { } entry && entry.Count <= (uint)max ? ReadIntegers(entry, (int)entry.Count) : [];

    private uint[] ReadIntegers(TiffEntry entry, int count)
    {
        var size = entry.Type switch { 1 => 1, 3 => 2, 4 or 13 => 4, _ => 0 };
        count = (int)Math.Min((uint)count, entry.Count);
        var bytes = new byte[count * size];
        if (size == 0 || count == 0 || DataPosition(entry) is not { } position || !file.TryRead(position, bytes))
        {
            return [];
        }
        var values = new uint[count];
        for (var i = 0; i < count; i++)
        {
            var element = bytes.AsSpan(i * size, size);
            values[i] = size switch
            {
                1 => element[0],
                2 => U16(element, View.BigEndian),
                _ => U32(element, View.BigEndian),
            };
        }
        return values;
    }

    /// <summary>Absolute position of an entry's data: inside the entry when it fits in 4 bytes, else at its offset.</summary>
    public long? DataPosition(TiffEntry entry)
    {
        var total = (ulong)entry.Count * (ulong)ElementSize(entry.Type);
        if (total == 0)
        {
            return null;
        }
        if (total <= 4)
        {
            return entry.FieldPosition;
        }
        return file.TryReadUInt32(entry.FieldPosition, View.BigEndian, out var offset) ? View.Base + offset : null;
    }

    /// <summary>Bytes per element of a TIFF field type; 0 for unknown types.</summary>
    public static int ElementSize(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 or 16 or 17 or 18 => 8,
        _ => 0,
    };

    private static ushort U16(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    private static uint U32(ReadOnlySpan<byte> bytes, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
}
