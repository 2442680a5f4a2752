namespace PiVault.Server.Features.Metadata;

/// <summary>Walks JPEG marker segments up to the image data: APP1 EXIF and XMP, and the frame header for the size.</summary>
internal static class JpegParser
{
    private const int MaxSegments = 4096;
    private static ReadOnlySpan<byte> XmpSignature => "http://ns.adobe.com/xap/1.0/\0"u8;

    public static void Read(ByteSource source, long start, FoundMetadata into)
    {
        var xmpPackets = new List<byte[]>();
        Span<byte> header = stackalloc byte[4];
        var pos = start + 2;
        for (var segments = 0; segments < MaxSegments && source.TryReadExactly(pos, header[..2]); segments++)
        {
            if (header[0] != 0xFF)
            {
                break;
            }
            var marker = header[1];
            if (marker == 0xFF)
            {
                // Fill byte: markers may be preceded by any number of 0xFF.
                pos++;
                continue;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                pos += 2;
                continue;
            }
            if (marker is 0xD9 or 0xDA || !source.TryReadExactly(pos + 2, header[2..4]))
            {
                break;
            }
            var length = (header[2] << 8) | header[3];
            if (length < 2)
            {
                break;
            }
            ReadSegment(source, marker, pos + 4, length - 2, into, xmpPackets);
            pos += 2 + length;
        }
        // XMP only fills what EXIF left empty, whatever the segment order.
        foreach (var packet in xmpPackets)
        {
            XmpReader.Read(packet.AsSpan(XmpSignature.Length), into);
        }
    }

    private static void ReadSegment(ByteSource source, byte marker, long dataStart, int dataLength, FoundMetadata into, List<byte[]> xmpPackets)
    {
        if (marker == 0xE1)
        {
            var data = source.ReadBlockClamped(dataStart, dataLength);
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
        else if (marker == 0xE0 && dataLength > 14 && source.ReadBlock(dataStart + 6, 8) is { } heap && heap.AsSpan().SequenceEqual(CiffReader.JpegMagic))
        {
            // Early Canon PowerShots wrote their metadata as CIFF in a second APP0 instead of EXIF.
            CiffReader.TryRead(source, dataStart, dataLength, into);
        }
        else if (marker == 0xED && source.ReadBlockClamped(dataStart, dataLength) is { } app13 && app13.AsSpan().StartsWith("Photoshop 3.0\0"u8))
        {
            PhotoshopResources.Read(app13.AsSpan(14), into);
        }
        else if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
        {
            // Frame header: precision (1), height (2), width (2).
            Span<byte> frame = stackalloc byte[5];
            if (dataLength >= 5 && source.TryReadExactly(dataStart, frame))
            {
                into.SetSize((frame[3] << 8) | frame[4], (frame[1] << 8) | frame[2]);
            }
        }
    }
}
