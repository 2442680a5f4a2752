using System.Buffers.Binary;
using System.Text;

namespace PiVault.Server.Features.Metadata;

/// <summary>One IFD entry: its tag, TIFF type, count and where its value lives.</summary>
internal readonly record struct TiffEntry(ushort Tag, ushort Type, uint Count, long ValueOffset)
{
    public int TypeSize => Type switch
    {
        1 or 2 or 6 or 7 => 1,
        3 or 8 => 2,
        4 or 9 or 11 or 13 => 4,
        5 or 10 or 12 => 8,
        _ => 0,
    };
}

/// <summary>
/// Reads TIFF structures (a TIFF or TIFF-based RAW file, or the EXIF block inside JPEG/HEIF/PNG/WebP).
/// Offsets in the file are relative to <c>origin</c>; every offset and count is checked against the source length.
/// </summary>
internal sealed class TiffReader
{
    private const int MaxEntriesPerIfd = 1024;
    // Longer text is cut to 256 characters anyway; this bounds what 1024 duplicate entries could allocate.
    private const int MaxStringBytes = 4 * 1024;

    private readonly ByteSource _source;
    private readonly long _origin;

    private TiffReader(ByteSource source, long origin, bool littleEndian, long firstIfd)
    {
        _source = source;
        _origin = origin;
        LittleEndian = littleEndian;
        FirstIfdOffset = firstIfd;
    }

    public bool LittleEndian { get; }

    /// <summary>Offset of IFD0, relative to the TIFF header.</summary>
    public long FirstIfdOffset { get; }

    /// <summary>
    /// Accepts the classic TIFF magic (42) and the RAW variants that keep the TIFF layout: Olympus ORF ('RO', 'SR'),
    /// Panasonic RW2 (0x55).
    /// </summary>
    public static TiffReader? TryOpen(ByteSource source, long origin = 0)
    {
        Span<byte> header = stackalloc byte[8];
        if (!source.TryReadExactly(origin, header))
        {
            return null;
        }
        bool littleEndian;
        if (header[0] == 'I' && header[1] == 'I')
        {
            littleEndian = true;
        }
        else if (header[0] == 'M' && header[1] == 'M')
        {
            littleEndian = false;
        }
        else
        {
            return null;
        }
        var magic = littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(header[2..]) : BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (magic is not (42 or 0x4F52 or 0x5352 or 0x55))
        {
            return null;
        }
        var first = littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) : BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        return new TiffReader(source, origin, littleEndian, first);
    }

    /// <summary>The entries of the IFD at <paramref name="ifdOffset"/> and the offset of the next IFD (0 when none).</summary>
    public (List<TiffEntry> Entries, long NextIfd) ReadIfd(long ifdOffset)
    {
        var entries = new List<TiffEntry>();
        Span<byte> two = stackalloc byte[2];
        if (ifdOffset <= 0 || !_source.TryReadExactly(_origin + ifdOffset, two))
        {
            return (entries, 0);
        }
        var count = Math.Min((int)U16(two), MaxEntriesPerIfd);
        // Read the whole table at once; a truncated table yields the entries that exist.
        var available = Math.Max(0, Math.Min(count * 12L, _source.Length - (_origin + ifdOffset + 2)));
        var table = new byte[available + 4];
        var read = _source.ReadAt(_origin + ifdOffset + 2, table);
        var whole = Math.Min(count, read / 12);
        for (var i = 0; i < whole; i++)
        {
            var e = table.AsSpan(i * 12, 12);
            var entry = new TiffEntry(U16(e), U16(e[2..]), U32(e[4..]), 0);
            var size = (long)entry.TypeSize * entry.Count;
            // Values of 4 bytes or less sit in the entry itself.
            var valueOffset = size <= 4 ? ifdOffset + 2 + i * 12 + 8 : U32(e[8..]);
            entries.Add(entry with { ValueOffset = valueOffset });
        }
        long next = 0;
        if (whole == count && read >= count * 12 + 4)
        {
            next = U32(table.AsSpan(count * 12));
        }
        return (entries, next);
    }

    /// <summary>An unsigned integer value (BYTE, SHORT, LONG) at <paramref name="index"/>.</summary>
    public long? ReadUnsigned(TiffEntry entry, int index = 0)
    {
        if (index >= entry.Count)
        {
            return null;
        }
        Span<byte> buffer = stackalloc byte[4];
        return entry.Type switch
        {
            1 or 7 => Read(entry, index, 1, buffer) ? buffer[0] : null,
            3 => Read(entry, index, 2, buffer) ? U16(buffer) : null,
            4 or 13 => Read(entry, index, 4, buffer) ? U32(buffer) : null,
            8 => Read(entry, index, 2, buffer) ? (short)U16(buffer) : null,
            9 => Read(entry, index, 4, buffer) ? (int)U32(buffer) : null,
            _ => null,
        };
    }

    /// <summary>A number from any numeric type (rationals divided out); null for 0/0 and other non-values.</summary>
    public double? ReadNumber(TiffEntry entry, int index = 0)
    {
        if (index >= entry.Count)
        {
            return null;
        }
        Span<byte> buffer = stackalloc byte[8];
        switch (entry.Type)
        {
            case 5:
                if (!Read(entry, index, 8, buffer) || U32(buffer[4..]) == 0)
                {
                    return null;
                }
                return (double)U32(buffer) / U32(buffer[4..]);
            case 10:
                if (!Read(entry, index, 8, buffer) || U32(buffer[4..]) == 0)
                {
                    return null;
                }
                return (double)(int)U32(buffer) / (int)U32(buffer[4..]);
            case 11:
                return Read(entry, index, 4, buffer) ? BitConverter.Int32BitsToSingle((int)U32(buffer)) : null;
            case 12:
                return Read(entry, index, 8, buffer) ? BitConverter.Int64BitsToDouble((long)U64(buffer)) : null;
            default:
                return ReadUnsigned(entry, index);
        }
    }

    /// <summary>An ASCII (or UNDEFINED/BYTE, as some writers use) value, cut at the first NUL; Latin-1 so no byte is lost.</summary>
    public string? ReadString(TiffEntry entry)
    {
        if (entry.Type is not (1 or 2 or 7) || entry.Count == 0)
        {
            return null;
        }
        var bytes = _source.ReadBlock(_origin + entry.ValueOffset, Math.Min(entry.Count, (uint)MaxStringBytes));
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

    /// <summary>The raw bytes of a value (e.g. an embedded XMP packet), bounded by <paramref name="maxLength"/>.</summary>
    public byte[]? ReadBytes(TiffEntry entry, int maxLength = ByteSource.MaxBlockBytes) =>
        _source.ReadBlock(_origin + entry.ValueOffset, (long)entry.TypeSize * entry.Count, maxLength);

    /// <summary>Absolute position of a TIFF-relative offset in the underlying source (for embedded previews).</summary>
    public long ToSourceOffset(long tiffOffset) => _origin + tiffOffset;

    public ByteSource Source => _source;

    private bool Read(TiffEntry entry, int index, int size, Span<byte> buffer) =>
        _source.TryReadExactly(_origin + entry.ValueOffset + (long)index * size, buffer[..size]);

    private ushort U16(ReadOnlySpan<byte> b) => LittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
    private uint U32(ReadOnlySpan<byte> b) => LittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
    private ulong U64(ReadOnlySpan<byte> b) => LittleEndian ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);
}
