using PiVault.Media.Formats;

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
        using var file = FileByteSource.Open(path);
        return FindCandidates(file) is { } found ? Choose(file, found) : null;
    }

    /// <summary>Runs the scanner for the container the first bytes announce; null when it is none of the known RAW containers.</summary>
    internal static PreviewCandidates? FindCandidates(ByteSource file)
    {
        Span<byte> head = stackalloc byte[HeadLength];
        head = head[..(int)Math.Min(HeadLength, file.Length)];
        if (!file.TryReadExactly(0, head))
        {
            return null;
        }
        var found = new PreviewCandidates();
        if (IsTiffBased(head))
        {
            TiffPreviewScanner.Scan(file, 0, found);
        }
        else if (CanonCr3.Is(head))
        {
            Cr3PreviewScanner.Scan(file, found);
        }
        else if (head.StartsWith(RafHeader.Magic))
        {
            // The header's JPEG: the camera's own rendering of the shot.
            if (RafHeader.JpegRange(file) is var (offset, length))
            {
                found.Add(offset, length, "RAF header JPEG");
            }
        }
        else if (CrwPreviewScanner.IsCrw(head))
        {
            CrwPreviewScanner.Scan(file, found);
        }
        else if (head.StartsWith(MrwBlocks.Magic))
        {
            // The TTW block is a TIFF whose Minolta maker note points at the preview.
            if (MrwBlocks.TiffPosition(file) is { } tiff)
            {
                TiffPreviewScanner.Scan(file, tiff, found);
            }
        }
        else if (head.StartsWith(X3fDirectory.Magic))
        {
            AddX3fImageSections(file, found);
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

    /// <summary>X3F image sections, after their 28-byte header: the processed previews among them are JPEGs.</summary>
    private static void AddX3fImageSections(ByteSource file, PreviewCandidates found)
    {
        foreach (var section in X3fDirectory.Sections(file))
        {
            if (section.IsImage && section.Length > X3fSection.ImageHeaderLength)
            {
                found.Add(section.Offset + X3fSection.ImageHeaderLength, section.Length - X3fSection.ImageHeaderLength, "X3F image section");
            }
        }
    }

    private static RawPreview? Choose(ByteSource file, PreviewCandidates found)
    {
        var ranked = found.All
            .Select(candidate => (Candidate: candidate, Frame: Inspect(file, candidate)))
            .Where(pair => pair.Frame is not null)
            .Select(pair => (pair.Candidate, Frame: pair.Frame!.Value))
            .OrderByDescending(pair => (long)pair.Frame.Header.Width * pair.Frame.Header.Height)
            .ThenByDescending(pair => pair.Candidate.Length);
        foreach (var (candidate, frame) in ranked)
        {
            if (file.ReadBlock(candidate.Offset, candidate.Length, MaxPreviewBytes) is not { } bytes
                || JpegSegments.LengthThroughEndOfImage(bytes, frame.ScanOffset) is not { } length)
            {
                continue;
            }
            var jpeg = length == bytes.Length ? bytes : bytes[..length];
            var orientation = found.Orientation ?? OwnOrientation(file, frame.ExifTiffPosition);
            return new RawPreview(jpeg, orientation) { Width = frame.Header.Width, Height = frame.Header.Height };
        }
        return null;
    }

    /// <summary>
    /// The candidate's frame when it is a JPEG head worth decoding: inside the file, at most <see cref="MaxPreviewBytes"/>,
    /// markers walkable up to the first scan, and a displayable frame.
    /// </summary>
    private static PreviewFrame? Inspect(ByteSource file, PreviewCandidate candidate)
    {
        if (candidate.Length is < 4 or > MaxPreviewBytes || !file.Contains(candidate.Offset, candidate.Length))
        {
            return null;
        }
        var jpeg = JpegSegments.Walk(file, candidate.Offset, candidate.Offset + candidate.Length);
        return jpeg.End == JpegWalkEnd.Scan && jpeg.FirstFrame(file) is { } header && IsDisplayable(header)
            ? new PreviewFrame(header, jpeg.ScanPosition!.Value - candidate.Offset, jpeg.ExifTiffPosition(file))
            : null;
    }

    /// <summary>
    /// The 8-bit Huffman JPEGs cameras use as previews (baseline, extended, progressive). Rejects lossless JPEG (0xC3),
    /// which is how CR2, DNG and others store the sensor data itself, behind the same FF D8 start.
    /// </summary>
    private static bool IsDisplayable(JpegFrameHeader frame) =>
        frame.Marker is 0xC0 or 0xC1 or 0xC2 && frame.Precision == 8 && frame.Components is 1 or 3 && frame.Width > 0 && frame.Height > 0;

    /// <summary>The orientation in the preview's own EXIF block: all a RAF has, since its TIFF lives inside the JPEG.</summary>
    private static int? OwnOrientation(ByteSource file, long? exifTiffPosition) =>
        exifTiffPosition is { } tiff && TiffPreviewScanner.ReadOrientation(file, tiff) is { } value and >= 1 and <= 8 ? (int)value : null;

    /// <param name="ScanOffset">Where the first SOS marker sits, relative to the JPEG's start.</param>
    /// <param name="ExifTiffPosition">Absolute file offset of the TIFF header inside an APP1 "Exif" segment, if there is one.</param>
    private readonly record struct PreviewFrame(JpegFrameHeader Header, long ScanOffset, long? ExifTiffPosition);
}
