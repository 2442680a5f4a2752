using System.Buffers.Binary;

namespace PiVault.Server.Features.Metadata;

/// <summary>RAW formats that wrap their metadata in something other than a TIFF header at offset 0.</summary>
internal static class RawContainers
{
    public static ReadOnlySpan<byte> FujiMagic => "FUJIFILMCCD-RAW"u8;
    public static ReadOnlySpan<byte> MinoltaMagic => "\0MRM"u8;

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

    /// <summary>Fuji RAF: the header points (at byte 84) to an embedded JPEG preview that carries the EXIF.</summary>
    public static void ReadFujiRaf(ByteSource source, FoundMetadata into)
    {
        into.Format = "raf";
        Span<byte> pointer = stackalloc byte[8];
        if (source.TryReadExactly(84, pointer))
        {
            var jpegOffset = BinaryPrimitives.ReadUInt32BigEndian(pointer);
            Span<byte> soi = stackalloc byte[2];
            if (source.TryReadExactly(jpegOffset, soi) && soi[0] == 0xFF && soi[1] == 0xD8)
            {
                JpegParser.Read(source, jpegOffset, into);
            }
        }
    }

    public static ReadOnlySpan<byte> SigmaMagic => "FOVb"u8;

    /// <summary>
    /// Sigma X3F: the last 4 bytes point to a section directory ("SECd", version, count, then offset/length/type
    /// entries); an image section ("SECi", 28-byte header) holding a JPEG preview carries the EXIF.
    /// </summary>
    public static void ReadSigmaX3f(ByteSource source, FoundMetadata into)
    {
        into.Format = "x3f";
        Span<byte> word = stackalloc byte[4];
        if (!source.TryReadExactly(source.Length - 4, word))
        {
            return;
        }
        var directory = BinaryPrimitives.ReadUInt32LittleEndian(word);
        var header = source.ReadBlock(directory, 12);
        if (header is null || !header.AsSpan().StartsWith("SECd"u8))
        {
            return;
        }
        var count = Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)), 64u);
        var entries = source.ReadBlock(directory + 12, count * 12L);
        Span<byte> soi = stackalloc byte[2];
        for (var i = 0; entries is not null && i < count; i++)
        {
            var entry = entries.AsSpan(i * 12, 12);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            if (entry[8..].SequenceEqual("IMA2"u8) || entry[8..].SequenceEqual("IMAG"u8))
            {
                if (source.TryReadExactly(offset + 28, soi) && soi[0] == 0xFF && soi[1] == 0xD8)
                {
                    JpegParser.Read(source, offset + 28, into);
                    return;
                }
            }
        }
    }

    /// <summary>Minolta MRW: a block list after an 8-byte header; the TTW block is a TIFF structure with the EXIF.</summary>
    public static void ReadMinoltaMrw(ByteSource source, FoundMetadata into)
    {
        into.Format = "mrw";
        Span<byte> header = stackalloc byte[8];
        if (!source.TryReadExactly(0, header))
        {
            return;
        }
        var end = Math.Min(source.Length, 8L + BinaryPrimitives.ReadUInt32BigEndian(header[4..]));
        var pos = 8L;
        for (var blocks = 0; blocks < 64 && pos + 8 <= end && source.TryReadExactly(pos, header); blocks++)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
            if (header[..4].SequenceEqual("\0TTW"u8))
            {
                ExifReader.TryRead(source, pos + 8, into);
                return;
            }
            pos += 8 + length;
        }
    }
}
