namespace PiVault.Server.Features.Media;

/// <summary>
/// Extracts the camera's embedded JPEG from a RAW file by parsing the container directly: TIFF-based RAW (DNG, CR2,
/// NEF, NRW, ARW, SR2, ORF, RW2, PEF, SRW, 3FR, ERF, KDC, IIQ), CR3, RAF, CRW, MRW and X3F. Every candidate is checked
/// before it is read: inside the file, at most <see cref="MaxPreviewBytes"/>, an 8-bit baseline or progressive
/// JPEG frame header (not the lossless JPEG that holds sensor data), and an EOI after the first scan. The one with
/// the most pixels wins, then the larger one.
/// </summary>
public sealed class RawPreviewExtractor : IRawPreviewExtractor
{
    /// <summary>Previews larger than this are skipped; full-size JPEGs of 100 MP cameras stay well below it.</summary>
    public const int MaxPreviewBytes = 64 * 1024 * 1024;

    private const int HeadLength = 16;

    /// <inheritdoc />
    public RawPreview? Extract(string path)
    {
        using var file = RawFileReader.Open(path);
        return FindCandidates(file) is { } found ? Choose(file, found) : null;
    }

    /// <summary>Runs the scanner for the container the first bytes announce; null when it is none of the known RAW containers.</summary>
    internal static PreviewCandidates? FindCandidates(RawFileReader file)
    {
        Span<byte> head = stackalloc byte[HeadLength];
        head = head[..(int)Math.Min(HeadLength, file.Length)];
        if (!file.TryRead(0, head))
        {
            return null;
        }
        var found = new PreviewCandidates();
        if (IsTiffBased(head))
        {
            TiffPreviewScanner.Scan(file, 0, found);
        }
        else if (Cr3PreviewScanner.IsCr3(head))
        {
            Cr3PreviewScanner.Scan(file, found);
        }
        else if (RafPreviewScanner.IsRaf(head))
        {
            RafPreviewScanner.Scan(file, found);
        }
        else if (CrwPreviewScanner.IsCrw(head))
        {
            CrwPreviewScanner.Scan(file, found);
        }
        else if (MrwPreviewScanner.IsMrw(head))
        {
            MrwPreviewScanner.Scan(file, found);
        }
        else if (X3fPreviewScanner.IsX3f(head))
        {
            X3fPreviewScanner.Scan(file, found);
        }
        else
        {
            return null;
        }
        return found;
    }

    /// <summary>TIFF ("II*\0", "MM\0*") and the RAW variants with their own magic: ORF ("IIRO", "IIRS", "MMOR") and RW2 ("IIU\0").</summary>
    private static bool IsTiffBased(ReadOnlySpan<byte> head) =>
        head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) || head.StartsWith("IIRO"u8) || head.StartsWith("IIRS"u8)
        || head.StartsWith("MMOR"u8) || head.StartsWith("IIU\0"u8);

    private static RawPreview? Choose(RawFileReader file, PreviewCandidates found)
    {
        var ranked = found.All
            .Where(candidate => candidate.Length <= MaxPreviewBytes)
            .Select(candidate => (Candidate: candidate, Frame: JpegFrameReader.Read(file, candidate.Offset, candidate.Length)))
            .Where(pair => pair.Frame is { IsDisplayable: true })
            .Select(pair => (pair.Candidate, Frame: pair.Frame!.Value))
            .OrderByDescending(pair => pair.Frame.Pixels)
            .ThenByDescending(pair => pair.Candidate.Length);
        foreach (var (candidate, frame) in ranked)
        {
            if (file.ReadBytes(candidate.Offset, candidate.Length, MaxPreviewBytes) is not { } bytes
                || JpegFrameReader.LengthThroughEndOfImage(bytes, frame.ScanOffset) is not { } length)
            {
                continue;
            }
            var jpeg = length == bytes.Length ? bytes : bytes[..length];
            return new RawPreview(jpeg, found.Orientation ?? OwnOrientation(file, frame)) { Width = frame.Width, Height = frame.Height };
        }
        return null;
    }

    /// <summary>The orientation in the preview's own EXIF block: all a RAF has, since its TIFF lives inside the JPEG.</summary>
    private static int? OwnOrientation(RawFileReader file, JpegFrame frame) =>
        frame.ExifTiffOffset is { } tiff && TiffPreviewScanner.ReadOrientation(file, tiff) is { } value and >= 1 and <= 8 ? (int)value : null;
}
