using System.Buffers.Binary;

namespace PiVault.Server.Features.Metadata;

/// <summary>RAW formats that wrap their metadata in something other than a TIFF header at offset 0.</summary>
internal static class RawContainers
{
    public static ReadOnlySpan<byte> FujiMagic => "FUJIFILMCCD-RAW"u8;
    public static ReadOnlySpan<byte> MinoltaMagic => "\0MRM"u8;

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
