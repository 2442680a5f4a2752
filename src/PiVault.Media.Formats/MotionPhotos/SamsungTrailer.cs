using System.Buffers.Binary;

namespace PiVault.Media.Formats;

/// <summary>
/// Samsung's SEF trailer at the end of its photos: <c>SEFH</c>, a version, an entry count and entries of (padding, type,
/// distance back from SEFH, length), then the trailer's length and <c>SEFT</c>. Each entry's data starts with its padding,
/// type, a name length and the name; the <c>MotionPhoto_Data</c> entry holds the MP4 itself (older phones) or
/// <c>mpv2</c> with the video's offset and length (One UI 6 HEIC).
/// </summary>
public static class SamsungTrailer
{
    private const int MaxEntries = 64;
    private static ReadOnlySpan<byte> MotionPhotoName => "MotionPhoto_Data"u8;

    /// <summary>The embedded video the trailer names; null when there is no trailer, no such entry, or the entry lies.</summary>
    public static EmbeddedVideo? FindMotionPhoto(ByteSource source)
    {
        Span<byte> tail = stackalloc byte[8];
        if (source.Length < 24 || !source.TryReadExactly(source.Length - 8, tail) || !tail[4..].SequenceEqual("SEFT"u8))
        {
            return null;
        }
        var trailerLength = BinaryPrimitives.ReadUInt32LittleEndian(tail);
        var header = source.Length - 8 - trailerLength;
        if (trailerLength < 12 || header < 0 || !source.StartsWith(header, "SEFH"u8)
            || !source.TryReadUInt32(header + 8, ByteOrder.Little, out var count))
        {
            return null;
        }
        Span<byte> entry = stackalloc byte[12];
        for (var i = 0; i < Math.Min(count, MaxEntries); i++)
        {
            if (!source.TryReadExactly(header + 12 + i * 12L, entry))
            {
                return null;
            }
            var dataStart = header - BinaryPrimitives.ReadUInt32LittleEndian(entry[4..8]);
            var dataLength = (long)BinaryPrimitives.ReadUInt32LittleEndian(entry[8..12]);
            if (IsMotionPhoto(source, dataStart, dataLength) is { } video)
            {
                return video;
            }
        }
        return null;
    }

    private static EmbeddedVideo? IsMotionPhoto(ByteSource source, long dataStart, long dataLength)
    {
        Span<byte> head = stackalloc byte[8];
        if (dataStart < 0 || dataLength < 8 + MotionPhotoName.Length || !source.TryReadExactly(dataStart, head))
        {
            return null;
        }
        var nameLength = BinaryPrimitives.ReadUInt32LittleEndian(head[4..8]);
        var payload = dataStart + 8 + MotionPhotoName.Length;
        if (nameLength != MotionPhotoName.Length || !source.StartsWith(dataStart + 8, MotionPhotoName))
        {
            return null;
        }
        var payloadLength = dataLength - 8 - MotionPhotoName.Length;
        if (source.StartsWith(payload, "mpv2"u8) && source.TryReadUInt32(payload + 4, ByteOrder.Big, out var offset)
            && source.TryReadUInt32(payload + 8, ByteOrder.Big, out var length))
        {
            return EmbeddedVideo.Checked(source, offset, length);
        }
        return EmbeddedVideo.Checked(source, payload, payloadLength);
    }
}
