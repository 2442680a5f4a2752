using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>PNG chunks: IHDR (size), eXIf (EXIF), iTXt "XML:com.adobe.xmp" (XMP), and ImageMagick's "Raw profile type exif" text.</summary>
internal static class PngParser
{
    // Compressed text can expand 1000-fold; only this many metadata text chunks are decoded.
    private const int MaxTextChunksDecoded = 8;

    public static void Read(ByteSource source, FoundMetadata into)
    {
        into.Format = "png";
        var xmpPackets = new List<byte[]>();
        var textChunksLeft = MaxTextChunksDecoded;
        // IDAT and everything else is stepped over without being read.
        foreach (var (type, dataStart, length) in PngChunks.Walk(source))
        {
            switch (type)
            {
                case "IHDR" when source.ReadBlock(dataStart, 8) is { } ihdr:
                    into.SetSize(BinaryPrimitives.ReadUInt32BigEndian(ihdr), BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(4)));
                    break;
                case "eXIf" when source.ReadBlockClamped(dataStart, length) is { } exif:
                    ExifReader.TryReadExifBlock(exif, into);
                    break;
                case "iTXt" or "zTXt" or "tEXt" when textChunksLeft > 0 && IsMetadataText(source, dataStart, length)
                                                     && source.ReadBlockClamped(dataStart, length) is { } text:
                    textChunksLeft--;
                    ReadText(type, text, into, xmpPackets);
                    break;
            }
        }
        foreach (var packet in xmpPackets)
        {
            XmpReader.Read(packet, into);
        }
    }

    /// <summary>Looks at the keyword before reading (and maybe inflating) a text chunk: most are comments we skip.</summary>
    private static bool IsMetadataText(ByteSource source, long dataStart, long length)
    {
        var keyword = source.ReadBlockClamped(dataStart, Math.Min(length, 24));
        return keyword is not null && (keyword.AsSpan().StartsWith("XML:com.adobe.xmp\0"u8) || keyword.AsSpan().StartsWith("Raw profile type "u8));
    }

    private static void ReadText(string type, byte[] chunk, FoundMetadata into, List<byte[]> xmpPackets)
    {
        var keywordEnd = Array.IndexOf(chunk, (byte)0);
        if (keywordEnd <= 0)
        {
            return;
        }
        var keyword = Encoding.Latin1.GetString(chunk, 0, keywordEnd);
        var value = TextValue(type, chunk, keywordEnd + 1);
        if (value is null)
        {
            return;
        }
        if (keyword == "XML:com.adobe.xmp")
        {
            xmpPackets.Add(value);
        }
        else if (keyword is "Raw profile type exif" or "Raw profile type APP1")
        {
            // ImageMagick writes EXIF as hex text: "\nexif\n   <length>\n<hex lines>".
            if (RawProfile.Decode(value) is { } exif)
            {
                ExifReader.TryReadExifBlock(exif, into);
            }
        }
    }

    /// <summary>The text of tEXt, zTXt (deflated) or iTXt (optionally deflated, after language and translated keyword).</summary>
    private static byte[]? TextValue(string type, byte[] chunk, int start)
    {
        if (type == "tEXt")
        {
            return chunk[start..];
        }
        if (type == "zTXt")
        {
            return start + 1 <= chunk.Length ? Inflate(chunk.AsSpan(start + 1)) : null;
        }
        if (start + 2 > chunk.Length)
        {
            return null;
        }
        var compressed = chunk[start] == 1;
        var pos = start + 2;
        for (var skip = 0; skip < 2; skip++)
        {
            var nul = Array.IndexOf(chunk, (byte)0, pos);
            if (nul < 0)
            {
                return null;
            }
            pos = nul + 1;
        }
        return compressed ? Inflate(chunk.AsSpan(pos)) : chunk[pos..];
    }

    /// <summary>zlib inflate with a cap on the output, so a small bomb cannot grow unbounded.</summary>
    private static byte[]? Inflate(ReadOnlySpan<byte> data)
    {
        try
        {
            using var input = new MemoryStream(data.ToArray());
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                if (output.Length + read > ByteSource.MaxBlockBytes)
                {
                    return null;
                }
                output.Write(buffer, 0, read);
            }
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}

/// <summary>ImageMagick's "Raw profile type" text: a name line, a decimal length line, then the bytes as hex.</summary>
internal static class RawProfile
{
    public static byte[]? Decode(byte[] text)
    {
        var s = Encoding.Latin1.GetString(text);
        var lines = s.Split('\n', 4, StringSplitOptions.None);
        if (lines.Length < 4 || !int.TryParse(lines[2].Trim(), out var length) || length <= 0 || length > ByteSource.MaxBlockBytes)
        {
            return null;
        }
        var result = new byte[length];
        var written = 0;
        var high = -1;
        foreach (var c in lines[3])
        {
            var nibble = char.IsAsciiHexDigit(c) ? Convert.ToInt32(c.ToString(), 16) : -1;
            if (nibble < 0)
            {
                continue;
            }
            if (high < 0)
            {
                high = nibble;
                continue;
            }
            result[written++] = (byte)((high << 4) | nibble);
            high = -1;
            if (written == length)
            {
                break;
            }
        }
        return written == length ? result : null;
    }
}
