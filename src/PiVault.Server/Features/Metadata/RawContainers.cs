using System.Buffers.Binary;
using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>RAW formats that wrap their metadata in something other than a TIFF header at offset 0.</summary>
internal static class RawContainers
{
    public static ReadOnlySpan<byte> PhotoshopMagic => "8BPS"u8;

    /// <summary>PSD: a 26-byte header, the colour-mode section, then the image resources (EXIF, XMP, IPTC blocks).</summary>
    public static void ReadPhotoshop(ByteSource source, FoundMetadata into)
    {
        into.Format = "psd";
        Span<byte> header = stackalloc byte[30];
        if (!source.TryReadExactly(0, header))
        {
            return;
        }
        into.SetSize(BinaryPrimitives.ReadUInt32BigEndian(header[18..]), BinaryPrimitives.ReadUInt32BigEndian(header[14..]));
        var resourcesAt = 30L + BinaryPrimitives.ReadUInt32BigEndian(header[26..]);
        Span<byte> length = stackalloc byte[4];
        if (source.TryReadExactly(resourcesAt, length)
            && source.ReadBlockClamped(resourcesAt + 4, BinaryPrimitives.ReadUInt32BigEndian(length)) is { } resources)
        {
            PhotoshopResources.Read(resources, into);
        }
    }

    /// <summary>Fuji RAF: the header points to an embedded JPEG preview that carries the EXIF.</summary>
    public static void ReadFujiRaf(ByteSource source, FoundMetadata into)
    {
        into.Format = "raf";
        if (RafHeader.JpegRange(source) is var (jpegOffset, _) && source.StartsWith(jpegOffset, [0xFF, 0xD8]))
        {
            JpegParser.Read(source, jpegOffset, into);
        }
    }

    /// <summary>Sigma X3F: the first image section holding a JPEG preview (after its 28-byte "SECi" header) carries the EXIF.</summary>
    public static void ReadSigmaX3f(ByteSource source, FoundMetadata into)
    {
        into.Format = "x3f";
        foreach (var section in X3fDirectory.Sections(source))
        {
            var jpeg = section.Offset + X3fSection.ImageHeaderLength;
            if (section.IsImage && source.StartsWith(jpeg, [0xFF, 0xD8]))
            {
                JpegParser.Read(source, jpeg, into);
                return;
            }
        }
    }

    /// <summary>Minolta MRW: the TTW block is a TIFF structure with the EXIF.</summary>
    public static void ReadMinoltaMrw(ByteSource source, FoundMetadata into)
    {
        into.Format = "mrw";
        if (MrwBlocks.TiffPosition(source) is { } tiff)
        {
            ExifReader.TryRead(source, tiff, into);
        }
    }
}
