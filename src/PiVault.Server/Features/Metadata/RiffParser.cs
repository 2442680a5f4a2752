using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// RIFF files, walked by the format layer's <see cref="RiffChunks"/>: WebP (VP8/VP8L/VP8X size, EXIF and XMP chunks)
/// and AVI (the IDIT date chunk some cameras write).
/// </summary>
internal static class RiffParser
{
    public static void Read(ByteSource source, FoundMetadata into)
    {
        var form = RiffChunks.FormType(source);
        into.Format = form == "WEBP" ? "webp" : form.StartsWith("AVI", StringComparison.Ordinal) ? "avi" : "riff";
        var xmpPackets = new List<byte[]>();
        foreach (var chunk in RiffChunks.Walk(source))
        {
            ReadChunk(source, chunk, into, xmpPackets);
        }
        foreach (var packet in xmpPackets)
        {
            XmpReader.Read(packet, into);
        }
    }

    private static void ReadChunk(ByteSource source, RiffChunk chunk, FoundMetadata into, List<byte[]> xmpPackets)
    {
        var (dataStart, dataLength) = (chunk.DataStart, chunk.DataLength);
        switch (chunk.Id)
        {
            case "VP8X" when source.ReadBlock(dataStart, 10) is { } vp8x:
                into.SetSize(1 + U24(vp8x.AsSpan(4)), 1 + U24(vp8x.AsSpan(7)));
                break;
            case "VP8 " when source.ReadBlock(dataStart, 10) is { } vp8 && vp8[3] == 0x9D && vp8[4] == 0x01 && vp8[5] == 0x2A:
                into.SetSize(BinaryPrimitives.ReadUInt16LittleEndian(vp8.AsSpan(6)) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(vp8.AsSpan(8)) & 0x3FFF);
                break;
            case "VP8L" when source.ReadBlock(dataStart, 5) is { } vp8l && vp8l[0] == 0x2F:
                var bits = BinaryPrimitives.ReadUInt32LittleEndian(vp8l.AsSpan(1));
                into.SetSize((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
                break;
            case "EXIF" when source.ReadBlockClamped(dataStart, dataLength) is { } exif:
                ExifReader.TryReadExifBlock(exif, into);
                break;
            case "XMP " when source.ReadBlockClamped(dataStart, dataLength) is { } xmp:
                xmpPackets.Add(xmp);
                break;
            case "IDIT" when source.ReadBlockClamped(dataStart, Math.Min(dataLength, 64)) is { } idit:
                into.Original.SetValue(AviDate(Encoding.Latin1.GetString(idit)));
                break;
        }
    }

    private static long U24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);

    /// <summary>IDIT holds ctime-style text ("Mon Mar 10 15:04:43 2003"); returned in EXIF form for the date parser.</summary>
    private static string? AviDate(string text)
    {
        var clean = FoundMetadata.Clean(text);
        if (clean is null)
        {
            return null;
        }
        var words = clean.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 5 && DateTime.TryParseExact($"{words[1]} {words[2]} {words[4]} {words[3]}", "MMM d yyyy HH:mm:ss",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString("yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture);
        }
        return clean;
    }
}
