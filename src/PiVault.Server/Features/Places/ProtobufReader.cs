using System.Text;

namespace PiVault.Server.Features.Places;

/// <summary>
/// The little of the protobuf wire format the data files need (varints, zigzag, length-delimited fields).
/// Malformed data throws <see cref="InvalidDataException"/>; the data files ship with PiVault, so that is a packaging error.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; private set; }

    public readonly bool AtEnd => Position >= _data.Length;

    public (int Field, int WireType) ReadKey()
    {
        var key = ReadVarint();
        return ((int)(key >> 3), (int)(key & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (Position >= _data.Length)
            {
                throw new InvalidDataException("protobuf: truncated varint");
            }
            var b = _data[Position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("protobuf: varint too long");
    }

    public long ReadSVarint()
    {
        var value = ReadVarint();
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - Position))
        {
            throw new InvalidDataException("protobuf: field runs past the end");
        }
        var bytes = _data.Slice(Position, (int)length);
        Position += (int)length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(); break;
            case 5: Advance(4); break;
            default: throw new InvalidDataException($"protobuf: unknown wire type {wireType}");
        }
    }

    private void Advance(int count)
    {
        if (count > _data.Length - Position)
        {
            throw new InvalidDataException("protobuf: field runs past the end");
        }
        Position += count;
    }
}
