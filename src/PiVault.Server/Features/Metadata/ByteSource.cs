using Microsoft.Win32.SafeHandles;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Random-access bytes of known length: a file read positionally (no shared seek pointer) or a block in memory.
/// Every parser reads through this, so every length taken from a file is checked against <see cref="Length"/>.
/// </summary>
internal abstract class ByteSource
{
    /// <summary>The largest block any parser may copy into memory at once (an EXIF item, an XMP packet, a PNG chunk).</summary>
    public const int MaxBlockBytes = 8 * 1024 * 1024;

    public abstract long Length { get; }

    /// <summary>Reads up to <c>destination.Length</c> bytes at <paramref name="offset"/>; returns how many were read (0 past the end).</summary>
    public abstract int ReadAt(long offset, Span<byte> destination);

    public bool TryReadExactly(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > Length - destination.Length)
        {
            return false;
        }
        var total = 0;
        while (total < destination.Length)
        {
            var read = ReadAt(offset + total, destination[total..]);
            if (read <= 0)
            {
                return false;
            }
            total += read;
        }
        return true;
    }

    /// <summary>A copy of <paramref name="length"/> bytes at <paramref name="offset"/>, or null when out of range or larger than <paramref name="maxLength"/>.</summary>
    public byte[]? ReadBlock(long offset, long length, int maxLength = MaxBlockBytes)
    {
        if (length < 0 || length > maxLength || offset < 0 || offset > Length - length)
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
}

/// <summary>A file opened by the caller; reads are positional so the handle may be shared.</summary>
internal sealed class FileByteSource(SafeFileHandle handle) : ByteSource
{
    private readonly long _length = RandomAccess.GetLength(handle);

    public override long Length => _length;

    public override int ReadAt(long offset, Span<byte> destination) =>
        offset < 0 || offset >= _length ? 0 : RandomAccess.Read(handle, destination, offset);
}

/// <summary>Bytes already in memory, e.g. an APP1 segment or an EXIF item.</summary>
internal sealed class MemoryByteSource(ReadOnlyMemory<byte> bytes) : ByteSource
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
