using System.Buffers.Binary;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Sigma X3F: a little-endian file whose last four bytes point at a section directory ("SECd"); image sections
/// ("IMAG"/"IMA2") start with a 28-byte "SECi" header, and the processed previews among them are JPEGs.
/// </summary>
internal static class X3fPreviewScanner
{
    private const int MaxSections = 64;
    private const int SectionHeaderLength = 28;
    private const int EntrySize = 12;

    public static bool IsX3f(ReadOnlySpan<byte> head) => head.StartsWith("FOVb"u8);

    public static void Scan(RawFileReader file, PreviewCandidates found)
    {
        Span<byte> head = stackalloc byte[12];
        if (!file.TryReadUInt32(file.Length - 4, bigEndian: false, out var directory) || !file.TryRead(directory, head) || !head.StartsWith("SECd"u8))
        {
            return;
        }
        var count = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        var entries = new byte[Math.Min(count, MaxSections) * EntrySize];
        if (!file.TryRead(directory + 12, entries))
        {
            return;
        }
        for (var i = 0; i < entries.Length; i += EntrySize)
        {
            var entry = entries.AsSpan(i, EntrySize);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(entry);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            if ((entry[8..].SequenceEqual("IMAG"u8) || entry[8..].SequenceEqual("IMA2"u8)) && length > SectionHeaderLength)
            {
                found.Add((long)offset + SectionHeaderLength, length - SectionHeaderLength, "X3F image section");
            }
        }
    }
}
