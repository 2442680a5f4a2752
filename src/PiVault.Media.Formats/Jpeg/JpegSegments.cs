using System.Buffers.Binary;

namespace PiVault.Media.Formats;

/// <summary>One marker segment before the first scan: FF, marker, a 16-bit length (itself included), then its data.</summary>
public readonly record struct JpegSegment(byte Marker, long Position, long DataStart, int DataLength)
{
    public long End => DataStart + DataLength;

    /// <summary>SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.</summary>
    public bool IsStartOfFrame => Marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    /// <summary>APP0–APP15 is E0–EF: <c>IsApp(1)</c> is APP1 (EXIF, XMP).</summary>
    public bool IsApp(int n) => Marker == 0xE0 + n;
}

/// <summary>Why the walk stopped.</summary>
public enum JpegWalkEnd
{
    /// <summary>At the first SOS: the segments before the image data are all there.</summary>
    Scan,

    /// <summary>At an EOI before any scan.</summary>
    EndOfImage,

    /// <summary>Not a JPEG there, a byte that is not a marker, a second SOI, or a length below 2.</summary>
    Malformed,

    /// <summary>The range ended inside a marker or a segment (the last segment listed may run past it).</summary>
    Truncated,

    /// <summary>More than <see cref="JpegSegments.MaxSegments"/> markers.</summary>
    TooManySegments,
}

/// <summary>What a JPEG's start-of-frame header says: the coding process and the image's size.</summary>
/// <param name="Marker">0xC0 baseline, 0xC1 extended, 0xC2 progressive, 0xC3 lossless, ….</param>
public readonly record struct JpegFrameHeader(byte Marker, int Precision, int Height, int Width, int Components);

/// <summary>
/// The marker segments of a JPEG from its SOI to its first scan, read a few bytes per marker straight from the
/// source (the image data is never loaded). Fill bytes (FF FF) and standalone markers (TEM, RSTn) are stepped over.
/// </summary>
public sealed class JpegSegments
{
    public const int MaxSegments = 4096;

    private JpegSegments(List<JpegSegment> segments, JpegWalkEnd end, long? scanPosition)
    {
        All = segments;
        End = end;
        ScanPosition = scanPosition;
    }

    /// <summary>The segments in file order; with <see cref="JpegWalkEnd.Truncated"/> the last one may reach past the range.</summary>
    public IReadOnlyList<JpegSegment> All { get; }

    public JpegWalkEnd End { get; }

    /// <summary>Absolute position of the first SOS marker, when the walk got there.</summary>
    public long? ScanPosition { get; }

    /// <summary>Walks the JPEG whose SOI is at <paramref name="start"/>, reading no further than <paramref name="end"/>.</summary>
    public static JpegSegments Walk(ByteSource source, long start, long end)
    {
        end = Math.Min(end, source.Length);
        var segments = new List<JpegSegment>();
        Span<byte> head = stackalloc byte[4];
        if (start < 0 || start + 2 > end || !source.TryReadExactly(start, head[..2]) || head[0] != 0xFF || head[1] != 0xD8)
        {
            return new JpegSegments(segments, JpegWalkEnd.Malformed, null);
        }
        var pos = start + 2;
        for (var markers = 0; markers < MaxSegments; markers++)
        {
            if (pos + 2 > end || !source.TryReadExactly(pos, head[..2]))
            {
                return new JpegSegments(segments, JpegWalkEnd.Truncated, null);
            }
            var marker = head[1];
            if (head[0] != 0xFF || marker == 0xD8)
            {
                return new JpegSegments(segments, JpegWalkEnd.Malformed, null);
            }
            if (marker == 0xFF)
            {
                pos++; // fill byte: markers may be preceded by any number of 0xFF
                continue;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2; // standalone markers carry no length
                continue;
            }
            if (marker == 0xD9)
            {
                return new JpegSegments(segments, JpegWalkEnd.EndOfImage, null);
            }
            if (pos + 4 > end || !source.TryReadExactly(pos + 2, head[2..4]))
            {
                return new JpegSegments(segments, JpegWalkEnd.Truncated, null);
            }
            int length = BinaryPrimitives.ReadUInt16BigEndian(head[2..4]);
            if (length < 2)
            {
                return new JpegSegments(segments, JpegWalkEnd.Malformed, null);
            }
            if (marker == 0xDA)
            {
                return new JpegSegments(segments, JpegWalkEnd.Scan, pos);
            }
            segments.Add(new JpegSegment(marker, pos, pos + 4, length - 2));
            if (pos + 2 + length > end)
            {
                return new JpegSegments(segments, JpegWalkEnd.Truncated, null);
            }
            pos += 2 + length;
        }
        return new JpegSegments(segments, JpegWalkEnd.TooManySegments, null);
    }

    /// <summary>The frame header in <paramref name="segment"/> (a start-of-frame segment), or null when it is too short.</summary>
    public static JpegFrameHeader? ReadFrame(ByteSource source, JpegSegment segment)
    {
        Span<byte> frame = stackalloc byte[6];
        if (!segment.IsStartOfFrame || segment.DataLength < frame.Length || !source.TryReadExactly(segment.DataStart, frame))
        {
            return null;
        }
        return new JpegFrameHeader(segment.Marker, frame[0], BinaryPrimitives.ReadUInt16BigEndian(frame[1..3]), BinaryPrimitives.ReadUInt16BigEndian(frame[3..5]), frame[5]);
    }

    /// <summary>The first readable start-of-frame header, or null.</summary>
    public JpegFrameHeader? FirstFrame(ByteSource source)
    {
        foreach (var segment in All)
        {
            if (ReadFrame(source, segment) is { } frame)
            {
                return frame;
            }
        }
        return null;
    }

    /// <summary>Absolute position of the TIFF header inside the first APP1 "Exif\0\0" segment, or null.</summary>
    public long? ExifTiffPosition(ByteSource source)
    {
        foreach (var segment in All)
        {
            if (segment.IsApp(1) && segment.DataLength >= 14 && source.StartsWith(segment.DataStart, "Exif\0\0"u8))
            {
                return segment.DataStart + 6;
            }
        }
        return null;
    }

    /// <summary>
    /// The length of <paramref name="jpeg"/> up to and including its last EOI marker, or null when that EOI comes
    /// before <paramref name="scanOffset"/> (the image data is cut short; an earlier EOI belongs to an EXIF thumbnail).
    /// </summary>
    public static int? LengthThroughEndOfImage(ReadOnlySpan<byte> jpeg, long scanOffset)
    {
        var last = jpeg.LastIndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]);
        return last > scanOffset ? last + 2 : null;
    }
}
