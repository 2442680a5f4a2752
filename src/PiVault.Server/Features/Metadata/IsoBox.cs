using System.Buffers.Binary;
using System.Text;

namespace PiVault.Server.Features.Metadata;

/// <summary>One ISO-BMFF / QuickTime box: its four-character type and where its content lies in the source.</summary>
internal readonly record struct IsoBox(string Type, long Start, long ContentStart, long End)
{
    private const int MaxBoxesPerLevel = 4096;

    public long ContentLength => End - ContentStart;

    /// <summary>
    /// The boxes between <paramref name="start"/> and <paramref name="end"/>. Stops at the first box whose size is
    /// impossible; a box running past the end (a truncated file) is clipped so what exists can still be read.
    /// </summary>
    public static IEnumerable<IsoBox> Children(ByteSource source, long start, long end)
    {
        end = Math.Min(end, source.Length);
        var header = new byte[16];
        var pos = start;
        for (var count = 0; count < MaxBoxesPerLevel && pos + 8 <= end; count++)
        {
            if (!source.TryReadExactly(pos, header.AsSpan(0, 8)))
            {
                yield break;
            }
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var type = Encoding.Latin1.GetString(header, 4, 4);
            long headerSize = 8;
            if (size == 1)
            {
                if (!source.TryReadExactly(pos + 8, header.AsSpan(8, 8)))
                {
                    yield break;
                }
                var large = BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8));
                size = large > long.MaxValue ? long.MaxValue : (long)large;
                headerSize = 16;
            }
            else if (size == 0)
            {
                // Size 0: the box runs to the end of its parent.
                size = end - pos;
            }
            if (size < headerSize)
            {
                yield break;
            }
            var boxEnd = size > end - pos ? end : pos + size;
            yield return new IsoBox(type, pos, pos + headerSize, boxEnd);
            pos = boxEnd;
        }
    }

    /// <summary>The content as bytes, or null when it is larger than <paramref name="maxLength"/>.</summary>
    public byte[]? ReadContent(ByteSource source, int maxLength = ByteSource.MaxBlockBytes) =>
        source.ReadBlock(ContentStart, ContentLength, maxLength);
}

/// <summary>Big-endian field reads over a box's content with bounds checks; a read past the end yields 0 and sets <see cref="Overrun"/>.</summary>
internal ref struct BigEndianCursor(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; set; }
    public bool Overrun { get; private set; }
    public readonly int Remaining => Math.Max(0, _data.Length - Position);

    public ulong ReadUInt(int size)
    {
        if (size == 0)
        {
            return 0;
        }
        if (size is not (1 or 2 or 4 or 8) || Position + size > _data.Length)
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
        if (Position + 4 > _data.Length)
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
        var rest = _data[Math.Min(Position, _data.Length)..];
        var nul = rest.IndexOf((byte)0);
        var length = nul < 0 ? rest.Length : nul;
        Position += nul < 0 ? length : length + 1;
        return Encoding.UTF8.GetString(rest[..length]);
    }

    public void Skip(int count)
    {
        if (count < 0 || Position + count > _data.Length)
        {
            Overrun = true;
            Position = _data.Length;
            return;
        }
        Position += count;
    }
}
