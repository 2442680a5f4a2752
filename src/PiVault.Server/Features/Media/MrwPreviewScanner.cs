using System.Buffers.Binary;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Minolta MRW: a "\0MRM" header of named big-endian blocks; the "\0TTW" block is a TIFF whose Minolta maker note
/// points at the preview, with offsets relative to that TIFF.
/// </summary>
internal static class MrwPreviewScanner
{
    private const int MaxBlocks = 16;

    public static bool IsMrw(ReadOnlySpan<byte> head) => head.StartsWith("\0MRM"u8);

    public static void Scan(RawFileReader file, PreviewCandidates found)
    {
        if (!file.TryReadUInt32(4, bigEndian: true, out var headerLength))
        {
            return;
        }
        Span<byte> block = stackalloc byte[8];
        var end = Math.Min(8L + headerLength, file.Length);
        var position = 8L;
        for (var i = 0; i < MaxBlocks && position + 8 <= end && file.TryRead(position, block); i++)
        {
            if (block[..4].SequenceEqual("\0TTW"u8))
            {
                TiffPreviewScanner.Scan(file, position + 8, found);
                return;
            }
            position += 8L + BinaryPrimitives.ReadUInt32BigEndian(block[4..]);
        }
    }
}
