using System.Text;

namespace PiVault.Media.Formats;

/// <summary>
/// One 12-byte IFD entry. <paramref name="FieldPosition"/> is the absolute position of its 4-byte value field;
/// <paramref name="DataPosition"/> the absolute position of its value: the field itself when the value fits in 4
/// bytes, else where the field points (not yet checked against the source: every read is).
/// </summary>
public readonly record struct TiffEntry(ushort Tag, ushort Type, uint Count, long FieldPosition, long DataPosition)
{
    /// <summary>Bytes per element of the entry's type; 0 for unknown types.</summary>
    public int ElementSize => ElementSizeOf(Type);

    /// <summary>Count × element size: the value's length in bytes.</summary>
    public long ByteLength => (long)Count * ElementSize;

    public static int ElementSizeOf(ushort type) => type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 or 16 or 17 or 18 => 8,
        _ => 0,
    };
}

/// <summary>
/// A TIFF structure inside a source: a TIFF or TIFF-based RAW file, the EXIF block of a JPEG/HEIF/PNG/WebP, a maker
/// note. Offsets inside it are relative to <see cref="Origin"/> (which a DNG's relocated maker note may put before
/// the file's start); every offset and count read from it is checked against the source before use.
/// </summary>
public sealed class TiffReader(ByteSource source, long origin, ByteOrder order, long firstIfdOffset = 0)
{
    /// <summary>Real directories have a few dozen entries; only this many of a larger count are read.</summary>
    public const int MaxEntriesPerIfd = 1024;

    // Longer text is cut to 256 characters by its users; this bounds what 1024 duplicate entries could allocate.
    private const int MaxStringBytes = 4 * 1024;

    public ByteSource Source { get; } = source;

    /// <summary>Absolute position that offsets inside this structure count from.</summary>
    public long Origin { get; } = origin;

    public ByteOrder Order { get; } = order;

    /// <summary>Offset of IFD0 relative to <see cref="Origin"/>, as the header says (0 for a reader made without a header).</summary>
    public long FirstIfdOffset { get; } = firstIfdOffset;

    /// <summary>
    /// Reads a TIFF header at <paramref name="origin"/>: "II" or "MM", the classic magic 42 or one of the RAW variants
    /// that keep the TIFF layout (Olympus ORF "RO"/"RS", Panasonic RW2 0x55), then IFD0's offset. Null for anything else.
    /// </summary>
    public static TiffReader? TryOpen(ByteSource source, long origin = 0)
    {
        Span<byte> header = stackalloc byte[8];
        if (!source.TryReadExactly(origin, header) || ByteOrder.FromMark(header) is not { } order)
        {
            return null;
        }
        return order.U16(header[2..]) is 42 or 0x4F52 or 0x5352 or 0x55 ? new TiffReader(source, origin, order, order.U32(header[4..])) : null;
    }

    /// <summary>The same source seen as another TIFF structure (a maker note with its own base or byte order).</summary>
    public TiffReader At(long origin, ByteOrder order) => new(Source, origin, order);

    /// <summary>Absolute position of an offset relative to <see cref="Origin"/>.</summary>
    public long ToSourceOffset(long tiffOffset) => Origin + tiffOffset;

    /// <summary>
    /// The IFD at <paramref name="ifdOffset"/> (relative to <see cref="Origin"/>), or null when its entry count cannot be
    /// read. A table cut short by the end of the source yields the entries that are whole, and no next IFD.
    /// </summary>
    public TiffDirectory? ReadDirectory(long ifdOffset)
    {
        Span<byte> two = stackalloc byte[2];
        var start = Origin + ifdOffset;
        if (ifdOffset <= 0 || !Source.TryReadExactly(start, two))
        {
            return null;
        }
        var count = Math.Min((int)Order.U16(two), MaxEntriesPerIfd);
        // One read for the whole table and the next-IFD pointer; a truncated table yields the entries that exist.
        var available = Math.Max(0, Math.Min(count * 12L + 4, Source.Length - (start + 2)));
        var table = new byte[available];
        var read = Source.TryReadExactly(start + 2, table) ? table.Length : 0;
        var whole = Math.Min(count, read / 12);
        var entries = new TiffEntry[whole];
        for (var i = 0; i < whole; i++)
        {
            var e = table.AsSpan(i * 12, 12);
            var field = start + 2 + i * 12L + 8;
            var (tag, type, valueCount) = (Order.U16(e), Order.U16(e[2..]), Order.U32(e[4..]));
            var inline = (long)TiffEntry.ElementSizeOf(type) * valueCount <= 4;
            entries[i] = new TiffEntry(tag, type, valueCount, field, inline ? field : Origin + Order.U32(e[8..]));
        }
        var next = whole == count && read >= count * 12 + 4 ? Order.U32(table.AsSpan(count * 12)) : 0L;
        return new TiffDirectory(this, ifdOffset, entries, next);
    }

    /// <summary>An integer value (BYTE, UNDEFINED, SHORT, LONG, IFD, SSHORT, SLONG) at <paramref name="index"/>; null for other types.</summary>
    public long? ReadInteger(TiffEntry entry, int index = 0)
    {
        if (index < 0 || index >= entry.Count)
        {
            return null;
        }
        Span<byte> buffer = stackalloc byte[4];
        return entry.Type switch
        {
            1 or 7 => Read(entry, index, 1, buffer) ? buffer[0] : null,
            3 => Read(entry, index, 2, buffer) ? Order.U16(buffer) : null,
            4 or 13 => Read(entry, index, 4, buffer) ? Order.U32(buffer) : null,
            8 => Read(entry, index, 2, buffer) ? (short)Order.U16(buffer) : null,
            9 => Read(entry, index, 4, buffer) ? (int)Order.U32(buffer) : null,
            _ => null,
        };
    }

    /// <summary>All values of an unsigned integer entry (BYTE, SHORT, LONG, IFD); none for other types or more than <paramref name="max"/>.</summary>
    public IReadOnlyList<uint> ReadUnsignedArray(TiffEntry entry, int max)
    {
        var size = entry.Type switch { 1 => 1, 3 => 2, 4 or 13 => 4, _ => 0 };
        if (size == 0 || entry.Count == 0 || entry.Count > (uint)max || Source.ReadBlock(entry.DataPosition, entry.Count * (long)size) is not { } bytes)
        {
            return [];
        }
        var values = new uint[entry.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var element = bytes.AsSpan(i * size, size);
            values[i] = size switch { 1 => element[0], 2 => Order.U16(element), _ => Order.U32(element) };
        }
        return values;
    }

    /// <summary>A number from any numeric type (rationals divided out); null for 0/0 and other non-values.</summary>
    public double? ReadNumber(TiffEntry entry, int index = 0)
    {
        if (index < 0 || index >= entry.Count)
        {
            return null;
        }
        Span<byte> buffer = stackalloc byte[8];
        switch (entry.Type)
        {
            case 5:
                return Read(entry, index, 8, buffer) && Order.U32(buffer[4..]) != 0 ? (double)Order.U32(buffer) / Order.U32(buffer[4..]) : null;
            case 10:
                return Read(entry, index, 8, buffer) && Order.U32(buffer[4..]) != 0 ? (double)(int)Order.U32(buffer) / (int)Order.U32(buffer[4..]) : null;
            case 11:
                return Read(entry, index, 4, buffer) ? BitConverter.Int32BitsToSingle((int)Order.U32(buffer)) : null;
            case 12:
                return Read(entry, index, 8, buffer) ? BitConverter.Int64BitsToDouble((long)Order.U64(buffer)) : null;
            default:
                return ReadInteger(entry, index);
        }
    }

    /// <summary>An ASCII (or UNDEFINED/BYTE, as some writers use) value, cut at the first NUL; UTF-8, else Latin-1 so no byte is lost.</summary>
    public string? ReadString(TiffEntry entry)
    {
        if (entry.Type is not (1 or 2 or 7) || entry.Count == 0)
        {
            return null;
        }
        var bytes = Source.ReadBlock(entry.DataPosition, Math.Min(entry.Count, (uint)MaxStringBytes));
        if (bytes is null)
        {
            return null;
        }
        var end = Array.IndexOf(bytes, (byte)0);
        var span = end >= 0 ? bytes.AsSpan(0, end) : bytes.AsSpan();
        // Most writers use UTF-8 despite the spec's ASCII; fall back to Latin-1 when it is not valid UTF-8.
        try
        {
            return new UTF8Encoding(false, true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(span);
        }
    }

    /// <summary>The raw bytes of a value (e.g. an embedded XMP packet), or null when out of range or longer than <paramref name="maxLength"/>.</summary>
    public byte[]? ReadBytes(TiffEntry entry, int maxLength = ByteSource.MaxBlockBytes) =>
        Source.ReadBlock(entry.DataPosition, entry.ByteLength, maxLength);

    private bool Read(TiffEntry entry, int index, int size, Span<byte> buffer) =>
        Source.TryReadExactly(entry.DataPosition + (long)index * size, buffer[..size]);
}

/// <summary>One image file directory: its entries in file order and the offset of the next IFD in the chain.</summary>
public sealed class TiffDirectory(TiffReader tiff, long offset, IReadOnlyList<TiffEntry> entries, long nextOffset)
{
    /// <summary>The structure this directory belongs to: its origin and byte order apply to every offset in it.</summary>
    public TiffReader Tiff { get; } = tiff;

    /// <summary>Offset of this directory relative to the structure's origin.</summary>
    public long Offset { get; } = offset;

    public IReadOnlyList<TiffEntry> Entries { get; } = entries;

    /// <summary>Offset of the next directory in the chain (relative to the origin), 0 at the end.</summary>
    public long NextOffset { get; } = nextOffset;

    public TiffEntry? Find(ushort tag)
    {
        foreach (var entry in Entries)
        {
            if (entry.Tag == tag)
            {
                return entry;
            }
        }
        return null;
    }

    /// <summary>The first value of an integer tag when it is a non-negative 32-bit value (a count, an offset, an orientation), or null.</summary>
    public uint? Value(ushort tag) => Find(tag) is { } entry && Tiff.ReadInteger(entry) is >= 0 and <= uint.MaxValue and var value ? (uint)value : null;

    /// <summary>All values of an unsigned integer tag; none when it is absent, of another type, or has more than <paramref name="max"/>.</summary>
    public IReadOnlyList<uint> Values(ushort tag, int max) => Find(tag) is { } entry ? Tiff.ReadUnsignedArray(entry, max) : [];
}
