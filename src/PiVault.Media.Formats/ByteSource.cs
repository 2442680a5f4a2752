using Microsoft.Win32.SafeHandles;

namespace PiVault.Media.Formats;

/// <summary>
/// Random-access bytes of known length: a file read positionally (no shared seek pointer) or a block in memory.
/// Every reader in this library reads through it, so every offset and length taken from a file is checked against
/// <see cref="Length"/> before anything is read or allocated.
/// </summary>
public abstract class ByteSource
{
    /// <summary>The largest block any reader may copy into memory at once (an EXIF item, an XMP packet, a PNG chunk).</summary>
    public const int MaxBlockBytes = 8 * 1024 * 1024;

    public abstract long Length { get; }

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; returns how many were read (0 past the end).</summary>
    public abstract int ReadAt(long offset, Span<byte> destination);

    /// <summary>True when [offset, offset + length) lies inside the source; safe against overflow and negatives.</summary>
    public bool Contains(long offset, long length) =>
        offset >= 0 && length >= 0 && offset <= Length && length <= Length - offset;

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; false when the range is not all inside the source.</summary>
    public bool TryReadExactly(long offset, Span<byte> destination)
    {
        if (!Contains(offset, destination.Length))
        {
            return false;
        }
        var total = 0;
        while (total < destination.Length)
        {
            var read = ReadAt(offset + total, destination[total..]);
            if (read <= 0)
            {
                return false; // a file that shrank under us
            }
            total += read;
        }
        return true;
    }

    /// <summary>A copy of <paramref name="length"/> bytes at <paramref name="offset"/>, or null when out of range or larger than <paramref name="maxLength"/>.</summary>
    public byte[]? ReadBlock(long offset, long length, int maxLength = MaxBlockBytes)
    {
        if (length < 0 || length > maxLength || !Contains(offset, length))
        {
            return null;
        }
        var block = new byte[length];
        return TryReadExactly(offset, block) ? block : null;
    }

    /// <summary>Like <see cref="ReadBlock"/> but keeps whatever part of the range exists (truncated files).</summary>
    public byte[]? ReadBlockClamped(long offset, long length, int maxLength = MaxBlockBytes)
    {
        if (offset < 0 || offset >= Length || length <= 0)
        {
            return null;
        }
        return ReadBlock(offset, Math.Min(Math.Min(length, Length - offset), maxLength), maxLength);
    }

    public bool TryReadUInt16(long offset, ByteOrder order, out ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        var ok = TryReadExactly(offset, bytes);
        value = ok ? order.U16(bytes) : (ushort)0;
        return ok;
    }

    public bool TryReadUInt32(long offset, ByteOrder order, out uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        var ok = TryReadExactly(offset, bytes);
        value = ok ? order.U32(bytes) : 0u;
        return ok;
    }

    /// <summary>True when the bytes at <paramref name="offset"/> are <paramref name="expected"/>.</summary>
    public bool StartsWith(long offset, ReadOnlySpan<byte> expected)
    {
        Span<byte> bytes = stackalloc byte[Math.Min(expected.Length, 64)];
        return expected.Length <= bytes.Length && TryReadExactly(offset, bytes) && bytes.SequenceEqual(expected);
    }
}

/// <summary>
/// A file read positionally, so one handle may serve several readers. Either wraps a handle the caller owns, or
/// (<see cref="Open"/>) opens and owns one, released by <see cref="Dispose"/>.
/// </summary>
public sealed class FileByteSource : ByteSource, IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly bool _ownsHandle;
    private readonly long _length;

    /// <summary>Reads through <paramref name="handle"/>, which stays the caller's: disposing this source does not close it.</summary>
    public FileByteSource(SafeFileHandle handle)
        : this(handle, ownsHandle: false)
    {
    }

    private FileByteSource(SafeFileHandle handle, bool ownsHandle)
    {
        _handle = handle;
        _ownsHandle = ownsHandle;
        _length = RandomAccess.GetLength(handle);
    }

    /// <summary>Opens <paramref name="path"/> for random reads; I/O errors (missing, unreadable) propagate.</summary>
    public static FileByteSource Open(string path) =>
        new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess), ownsHandle: true);

    public override long Length => _length;

    public override int ReadAt(long offset, Span<byte> destination) =>
        offset < 0 || offset >= _length ? 0 : RandomAccess.Read(_handle, destination, offset);

    public void Dispose()
    {
        if (_ownsHandle)
        {
            _handle.Dispose();
        }
    }
}

/// <summary>Bytes already in memory, e.g. an APP1 segment, an EXIF item or a whole test file.</summary>
public sealed class MemoryByteSource(ReadOnlyMemory<byte> bytes) : ByteSource
{
    public override long Length => bytes.Length;

    public override int ReadAt(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= bytes.Length)
        {
            return 0;
        }
        var available = bytes.Span[(int)offset..];
        var count = Math.Min(available.Length, destination.Length);
        available[..count].CopyTo(destination);
        return count;
    }
}
