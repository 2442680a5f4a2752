using System.Buffers.Binary;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Gives a camera's embedded preview the orientation of the RAW it came from. Previews are stored as the sensor saw
/// them, and their own EXIF (if any) rarely says how the camera was held; the RAW's IFD0 does. Replacing the preview's
/// EXIF with a minimal block that carries that orientation lets the thumbnailer's ordinary auto-rotation turn it
/// upright, so RAW and JPEG go through the same code.
/// </summary>
internal static class JpegOrientationWriter
{
    private const int MaxSegments = 1024;

    /// <summary>
    /// A copy of <paramref name="jpeg"/> whose only EXIF block carries <paramref name="orientation"/> (1–8); every other
    /// segment (ICC profile, tables, frame, scan data) is kept byte for byte. A JPEG whose markers cannot be walked up to
    /// its first scan comes back unchanged, for the decoder to judge.
    /// </summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orientation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orientation, 8);
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return jpeg;
        }
        var kept = new List<Range>();
        var pos = 2;
        for (var i = 0; i < MaxSegments; i++)
        {
            if (pos + 4 > jpeg.Length || jpeg[pos] != 0xFF)
            {
                return jpeg;
            }
            var marker = jpeg[pos + 1];
            if (marker == 0xDA)
            {
                kept.Add(pos..);
                return Assemble(jpeg, kept, orientation);
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(pos + 2));
            var next = pos + 2 + length;
            if (length < 2 || next > jpeg.Length)
            {
                return jpeg;
            }
            if (!IsExif(jpeg, marker, pos + 4, length - 2))
            {
                kept.Add(pos..next);
            }
            pos = next;
        }
        return jpeg;
    }

    private static bool IsExif(byte[] jpeg, byte marker, int payload, int payloadLength) =>
        marker == 0xE1 && payloadLength >= 6 && jpeg.AsSpan(payload, 6).SequenceEqual("Exif\0\0"u8);

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
