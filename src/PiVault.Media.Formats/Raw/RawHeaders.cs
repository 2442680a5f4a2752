namespace PiVault.Media.Formats;

/// <summary>
/// Fujifilm RAF: a fixed big-endian header ("FUJIFILMCCD-RAW ") whose bytes 84 and 88 give the offset and length of
/// a complete EXIF JPEG, the camera's own rendering of the shot (it also carries the RAF's metadata).
/// </summary>
public static class RafHeader
{
    private const int JpegOffsetField = 84;
    private const int JpegLengthField = 88;

    public static ReadOnlySpan<byte> Magic => "FUJIFILMCCD-RAW"u8;

    /// <summary>The embedded JPEG's range as the header states it (not yet checked against the file).</summary>
    public static (long Offset, long Length)? JpegRange(ByteSource source) =>
        source.TryReadUInt32(JpegOffsetField, ByteOrder.Big, out var offset) && source.TryReadUInt32(JpegLengthField, ByteOrder.Big, out var length)
            ? (offset, length)
            : null;
}

/// <summary>
/// Minolta MRW: a "\0MRM" header of named big-endian blocks (name, length, data); the "\0TTW" block is a TIFF
/// structure holding the EXIF and the maker note that points at the preview, with offsets relative to that TIFF.
/// </summary>
public static class MrwBlocks
{
    private const int MaxBlocks = 64;

    public static ReadOnlySpan<byte> Magic => "\0MRM"u8;

    /// <summary>Absolute position of the TTW block's TIFF header, or null when there is none in the header's block list.</summary>
    public static long? TiffPosition(ByteSource source)
    {
        Span<byte> block = stackalloc byte[8];
        if (!source.TryReadExactly(0, block))
        {
            return null;
        }
        var end = Math.Min(source.Length, 8L + ByteOrder.Big.U32(block[4..]));
        var position = 8L;
        for (var i = 0; i < MaxBlocks && position + 8 <= end && source.TryReadExactly(position, block); i++)
        {
            if (block[..4].SequenceEqual("\0TTW"u8))
            {
                return position + 8;
            }
            position += 8L + ByteOrder.Big.U32(block[4..]);
        }
        return null;
    }
}

/// <summary>One section of a Sigma X3F file: its range and four-character type ("IMAG", "IMA2", "PROP", "CAMF").</summary>
public readonly record struct X3fSection(long Offset, long Length, string Type)
{
    /// <summary>Image sections start with a 28-byte "SECi" header; the processed previews among them are JPEGs.</summary>
    public const int ImageHeaderLength = 28;

    public bool IsImage => Type is "IMAG" or "IMA2";
}

/// <summary>Sigma X3F: a little-endian file whose last four bytes point at a section directory ("SECd", version, count, then 12-byte entries).</summary>
public static class X3fDirectory
{
    private const int MaxSections = 64;
    private const int EntrySize = 12;

    public static ReadOnlySpan<byte> Magic => "FOVb"u8;

    /// <summary>The first <see cref="MaxSections"/> sections the directory lists (ranges not yet checked against the file).</summary>
    public static IReadOnlyList<X3fSection> Sections(ByteSource source)
    {
        Span<byte> head = stackalloc byte[12];
        if (!source.TryReadUInt32(source.Length - 4, ByteOrder.Little, out var directory) || !source.TryReadExactly(directory, head) || !head.StartsWith("SECd"u8))
        {
            return [];
        }
        var count = Math.Min(ByteOrder.Little.U32(head[8..]), MaxSections);
        if (source.ReadBlock(directory + 12, count * EntrySize) is not { } entries)
        {
            return [];
        }
        var sections = new X3fSection[count];
        for (var i = 0; i < sections.Length; i++)
        {
            var entry = entries.AsSpan(i * EntrySize, EntrySize);
            sections[i] = new X3fSection(ByteOrder.Little.U32(entry), ByteOrder.Little.U32(entry[4..]), System.Text.Encoding.Latin1.GetString(entry[8..12]));
        }
        return sections;
    }
}
