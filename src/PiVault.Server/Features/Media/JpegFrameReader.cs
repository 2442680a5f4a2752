using System.Buffers.Binary;

namespace PiVault.Server.Features.Media;

/// <summary>What the marker segments before a JPEG's first scan say about it.</summary>
/// <param name="SofMarker">The start-of-frame marker's second byte: 0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless…</param>
/// <param name="ScanOffset">Where the first SOS marker sits, relative to the JPEG's start.</param>
/// <param name="ExifTiffOffset">Absolute file offset of the TIFF header inside an APP1 "Exif" segment, if there is one.</param>
internal readonly record struct JpegFrame(int Width, int Height, byte SofMarker, int Precision, int Components, long ScanOffset, long? ExifTiffOffset)
{
    /// <summary>
    /// True for the 8-bit Huffman JPEGs cameras use as previews. Rejects lossless JPEG (0xC3), which is how CR2,
    /// DNG and others store the sensor data itself, behind the same FF D8 start.
    /// </summary>
    public bool IsDisplayable => SofMarker is 0xC0 or 0xC1 or 0xC2 && Precision == 8 && Components is 1 or 3 && Width > 0 && Height > 0;

    public long Pixels => (long)Width * Height;
}

/// <summary>Reads JPEG marker segments straight from a file range, a few bytes per marker, without loading the image.</summary>
internal static class JpegFrameReader
{
    private const int MaxSegments = 1024;

    /// <summary>Walks the markers of the JPEG at [start, start + length) up to its first scan; null when it is not a well-formed JPEG head.</summary>
    public static JpegFrame? Read(RawFileReader file, long start, long length)
    {
        Span<byte> head = stackalloc byte[8];
        if (length < 4 || !file.Contains(start, length) || !file.TryRead(start, head[..2]) || head[0] != 0xFF || head[1] != 0xD8)
        {
            return null;
        }
        var end = start + length;
        var pos = start + 2;
        long? exif = null;
        (byte Marker, int Precision, int Height, int Width, int Components)? sof = null;
        for (var i = 0; i < MaxSegments; i++)
        {
            if (pos + 4 > end || !file.TryRead(pos, head[..4]) || head[0] != 0xFF)
            {
                return null;
            }
            var marker = head[1];
            if (marker == 0xFF)
            {
                pos++; // fill byte before a marker
                continue;
            }
            if (marker is 0x01 or >= 0xD0 and <= 0xD7)
            {
                pos += 2; // standalone markers carry no length
                continue;
            }
            int segmentLength = BinaryPrimitives.ReadUInt16BigEndian(head[2..4]);
            if (marker is 0xD8 or 0xD9 || segmentLength < 2 || pos + 2 + segmentLength > end)
            {
                return null;
            }
            if (marker == 0xDA)
            {
                return sof is { } f ? new JpegFrame(f.Width, f.Height, f.Marker, f.Precision, f.Components, pos - start, exif) : null;
            }
            if (IsStartOfFrame(marker) && sof is null && segmentLength >= 8 && file.TryRead(pos + 4, head[..6]))
            {
                sof = (marker, head[0], BinaryPrimitives.ReadUInt16BigEndian(head[1..3]), BinaryPrimitives.ReadUInt16BigEndian(head[3..5]), head[5]);
            }
            if (marker == 0xE1 && exif is null && segmentLength >= 16 && file.TryRead(pos + 4, head[..6]) && head[..6].SequenceEqual("Exif\0\0"u8))
            {
                exif = pos + 10;
            }
            pos += 2 + segmentLength;
        }
        return null;
    }

    /// <summary>
    /// The length of <paramref name="jpeg"/> up to and including its EOI marker, or null when the last EOI comes
    /// before the first scan (the image data is cut short; an earlier EOI belongs to an EXIF thumbnail).
    /// </summary>
    public static int? LengthThroughEndOfImage(ReadOnlySpan<byte> jpeg, long scanOffset)
    {
        var last = jpeg.LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]);
        return last > scanOffset ? last + 2 : null;
    }

    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
}
