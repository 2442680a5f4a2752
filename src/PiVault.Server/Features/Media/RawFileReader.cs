using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Random access to an untrusted file where every read is checked against the file's length first, so offsets
/// and lengths taken from the file itself can never read past its end or size a buffer beyond it.
/// </summary>
internal sealed class RawFileReader : IDisposable
{
    private readonly SafeFileHandle handle;

    private RawFileReader(SafeFileHandle handle)
    {
        this.handle = handle;
        Length = RandomAccess.GetLength(handle);
    }

    public long Length { get; }

    public static RawFileReader Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess));

    /// <summary>True when [offset, offset + length) lies inside the file; safe against overflow and negatives.</summary>
    public bool Contains(long offset, long length) =>
        offset >= 0 && length >= 0 && offset <= Length && length <= Length - offset;

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; false when the range is not all inside the file.</summary>
    public bool TryRead(long offset, Span<byte> buffer)
    {
        if (!Contains(offset, buffer.Length))
        {
            return false;
        }
        var done = 0;
        while (done < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (read <= 0)
            {
                return false; // the file shrank under us
            }
            done += read;
        }
        return true;
    }

    /// <summary>Reads a whole range into a new array, or null when it is outside the file or longer than <paramref name="maxLength"/>.</summary>
    public byte[]? ReadBytes(long offset, long length, int maxLength)
    {
        if (length > maxLength || !Contains(offset, length))
        {
            return null;
        }
        var bytes = new byte[length];
        return TryRead(offset, bytes) ? bytes : null;
    }

    public bool TryReadUInt16(long offset, bool bigEndian, out ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        var ok = TryRead(offset, bytes);
        value = !ok ? (ushort)0 : bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        return ok;
    }

    public bool TryReadUInt32(long offset, bool bigEndian, out uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        var ok = TryRead(offset, bytes);
        value = !ok ? 0u : bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        return ok;
    }

    public void Dispose() => handle.Dispose();
}
