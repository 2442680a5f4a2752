using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>Reads a JPEG's marker segments up to the image data: APP1 EXIF and XMP, Canon's CIFF APP0, Photoshop's APP13, and the frame header for the size.</summary>
internal static class JpegParser
{
    private static ReadOnlySpan<byte> XmpSignature => "http://ns.adobe.com/xap/1.0/\0"u8;

    public static void Read(ByteSource source, long start, FoundMetadata into)
    {
        var xmpPackets = new List<byte[]>();
        foreach (var segment in JpegSegments.Walk(source, start, source.Length).All)
        {
            ReadSegment(source, segment, into, xmpPackets);
        }
        // XMP only fills what EXIF left empty, whatever the segment order.
        foreach (var packet in xmpPackets)
        {
            XmpReader.Read(packet.AsSpan(XmpSignature.Length), into);
        }
    }

    private static void ReadSegment(ByteSource source, JpegSegment segment, FoundMetadata into, List<byte[]> xmpPackets)
    {
        if (segment.IsApp(1))
        {
            // A segment cut short by the end of the file still gives what it holds.
            var data = source.ReadBlockClamped(segment.DataStart, segment.DataLength);
            if (data is null)
            {
                return;
            }
            if (data.AsSpan().StartsWith("Exif"u8))
            {
                ExifReader.TryReadExifBlock(data, into);
            }
            else if (data.AsSpan().StartsWith(XmpSignature))
            {
                xmpPackets.Add(data);
            }
        }
        else if (segment.IsApp(0) && segment.DataLength > 14 && source.StartsWith(segment.DataStart + 6, CiffReader.JpegMagic))
        {
            // Early Canon PowerShots wrote their metadata as CIFF in a second APP0 instead of EXIF.
            CiffMetadata.Read(source, segment.DataStart, segment.DataLength, into);
        }
        else if (segment.IsApp(13) && source.ReadBlockClamped(segment.DataStart, segment.DataLength) is { } app13 && app13.AsSpan().StartsWith("Photoshop 3.0\0"u8))
        {
            PhotoshopResources.Read(app13.AsSpan(14), into);
        }
        else if (JpegSegments.ReadFrame(source, segment) is { } frame)
        {
            into.SetSize(frame.Width, frame.Height);
        }
    }
}
