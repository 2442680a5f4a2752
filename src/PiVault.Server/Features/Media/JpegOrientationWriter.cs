using PiVault.Media.Formats;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Gives a camera's embedded preview the orientation of the RAW it came from. Previews are stored as the sensor saw
/// them, and their own EXIF (if any) rarely says how the camera was held; the RAW's IFD0 does. Replacing the preview's
/// EXIF with a minimal block that carries that orientation lets the thumbnailer's ordinary auto-rotation turn it
/// upright, so RAW and JPEG go through the same code.
/// </summary>
internal static class JpegOrientationWriter
{
    /// <summary>
    /// A copy of <paramref name="jpeg"/> whose only EXIF block carries <paramref name="orientation"/> (1–8); every other
    /// segment (ICC profile, tables, frame, scan data) is kept byte for byte. A JPEG whose markers cannot be walked up to
    /// its first scan comes back unchanged, for the decoder to judge.
    /// </summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orientation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orientation, 8);
        var source = new MemoryByteSource(jpeg);
        var segments = JpegSegments.Walk(source, 0, jpeg.Length);
        if (segments.End != JpegWalkEnd.Scan)
        {
            return jpeg;
        }
        var kept = segments.All
            .Where(segment => !(segment.IsApp(1) && segment.DataLength >= 6 && source.StartsWith(segment.DataStart, "Exif\0\0"u8)))
            .Select(segment => (Range)((int)segment.Position..(int)segment.End))
            .Append((int)segments.ScanPosition!.Value..)
            .ToList();
        return Assemble(jpeg, kept, orientation);
    }

    private static byte[] Assemble(byte[] jpeg, List<Range> kept, int orientation)
    {
        var exif = ExifSegment(orientation);
        var output = new byte[2 + exif.Length + kept.Sum(r => r.GetOffsetAndLength(jpeg.Length).Length)];
        output[0] = 0xFF;
        output[1] = 0xD8;
        exif.CopyTo(output, 2);
        var at = 2 + exif.Length;
        foreach (var range in kept)
        {
            var part = jpeg.AsSpan(range);
            part.CopyTo(output.AsSpan(at));
            at += part.Length;
        }
        return output;
    }

    /// <summary>APP1 "Exif": a big-endian TIFF header and an IFD0 with one entry, Orientation (0x0112, SHORT, 1).</summary>
    private static byte[] ExifSegment(int orientation)
    {
        byte[] segment =
        [
            0xFF, 0xE1, 0x00, 0x22, // APP1, length 34 (itself included)
            (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0x00, 0x00,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // TIFF header, IFD0 at 8
            0x00, 0x01, // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, (byte)orientation, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        return segment;
    }
}
