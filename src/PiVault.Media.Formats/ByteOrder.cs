using System.Buffers.Binary;
using System.Text;

namespace PiVault.Media.Formats;

/// <summary>The byte order of a structure: TIFF and CIFF say theirs ("II" or "MM"), ISO-BMFF and JPEG are big-endian.</summary>
public readonly record struct ByteOrder(bool BigEndian)
{
    public static ByteOrder Big => new(true);
    public static ByteOrder Little => new(false);

    /// <summary>"MM" (Motorola, big-endian) or "II" (Intel, little-endian); null for anything else.</summary>
    public static ByteOrder? FromMark(ReadOnlySpan<byte> mark) =>
        mark.Length < 2 ? null : mark[..2].SequenceEqual("MM"u8) ? Big : mark[..2].SequenceEqual("II"u8) ? Little : null;

    public ushort U16(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
    public uint U32(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
    public ulong U64(ReadOnlySpan<byte> b) => BigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b);
}

/// <summary>Big-endian field reads over a box's content with bounds checks; a read past the end yields 0 and sets <see cref="Overrun"/>.</summary>
public ref struct BigEndianCursor(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; set; }
    public bool Overrun { get; private set; }
    public readonly int Remaining => Math.Max(0, _data.Length - Position);

    /// <summary>An unsigned field of 0 (nothing read), 1, 2, 4 or 8 bytes; other sizes count as an overrun.</summary>
    public ulong ReadUInt(int size)
    {
        if (size == 0)
        {
            return 0;
        }
        if (size is not (1 or 2 or 4 or 8) || Position < 0 || Position + size > _data.Length)
        {
            Overrun = true;
            Position = _data.Length;
            return 0;
        }
        var span = _data.Slice(Position, size);
        Position += size;
        return size switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(span),
            4 => BinaryPrimitives.ReadUInt32BigEndian(span),
            _ => BinaryPrimitives.ReadUInt64BigEndian(span),
        };
    }

    public ushort U16() => (ushort)ReadUInt(2);
    public uint U32() => (uint)ReadUInt(4);
    public ulong U64() => ReadUInt(8);

    public string FourCC()
    {
        if (Position < 0 || Position + 4 > _data.Length)
        {
            Overrun = true;
            Position = _data.Length;
            return "";
        }
        var text = Encoding.Latin1.GetString(_data.Slice(Position, 4));
        Position += 4;
        return text;
    }

    /// <summary>A NUL-terminated UTF-8 string (or the rest of the data when there is no NUL).</summary>
    public string CString()
    {
        var rest = _data[Math.Clamp(Position, 0, _data.Length)..];
        var nul = rest.IndexOf((byte)0);
        var length = nul < 0 ? rest.Length : nul;
        Position += nul < 0 ? length : length + 1;
        return Encoding.UTF8.GetString(rest[..length]);
    }

    public void Skip(int count)
    {
        if (count < 0 || Position < 0 || Position + count > _data.Length)
        {
            Overrun = true;
            Position = _data.Length;
            return;
        }
        Position += count;
    }
}
