using PiVault.Media.Formats;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Canon CRW (CIFF), walked by the format layer's <see cref="CiffReader"/>: JpgFromRaw (0x2007) is the camera's full
/// JPEG; ImageInfo (0x1810) carries a rotation in degrees, reported as orientation only when it is 0 (the direction
/// convention of the other values is not confirmed here).
/// </summary>
internal static class CrwPreviewScanner
{
    private const int JpgFromRaw = 0x2007;
    private const int ImageInfo = 0x1810;

    public static bool IsCrw(ReadOnlySpan<byte> head) =>
        head.Length >= 14 && ByteOrder.FromMark(head) is not null && head[6..14].SequenceEqual(CiffReader.CrwMagic);

    public static void Scan(ByteSource file, PreviewCandidates found)
    {
        if (CiffReader.TryOpen(file, 0, file.Length) is not { } ciff)
        {
            return;
        }
        foreach (var entry in ciff.Entries())
        {
            if (entry.InRecord)
            {
                continue; // 8 bytes in the directory itself: neither a JPEG nor ImageInfo
            }
            if (entry.Id == JpgFromRaw)
            {
                found.Add(entry.Offset, entry.Size, "CRW JpgFromRaw");
            }
            else if (entry.Id == ImageInfo && entry.Size >= 16 && ciff.ReadUInt32(entry, 12) == 0)
            {
                found.SetOrientation(1);
            }
        }
    }
}
