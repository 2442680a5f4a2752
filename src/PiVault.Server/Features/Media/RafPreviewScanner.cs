namespace PiVault.Server.Features.Media;

/// <summary>
/// Fujifilm RAF: a fixed big-endian header ("FUJIFILMCCD-RAW ") whose bytes 84 and 88 give the offset and length
/// of a complete EXIF JPEG, the camera's own rendering of the shot.
/// </summary>
internal static class RafPreviewScanner
{
    private const int JpegOffsetField = 84;
    private const int JpegLengthField = 88;

    public static bool IsRaf(ReadOnlySpan<byte> head) => head.StartsWith("FUJIFILMCCD-RAW"u8);

    public static void Scan(RawFileReader file, PreviewCandidates found)
    {
        if (file.TryReadUInt32(JpegOffsetField, bigEndian: true, out var offset) && file.TryReadUInt32(JpegLengthField, bigEndian: true, out var length))
        {
            found.Add(offset, length, "RAF header JPEG");
        }
    }
}
