using System.Buffers.Binary;
using PiVault.Media.Formats;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Canon CR3 (ISO base media file): the Canon metadata box inside moov holds CMT1 (a TIFF IFD0 with the
/// orientation) and THMB (a 160×120 JPEG); a top-level preview box holds PRVW (a screen-sized JPEG); and the first
/// track's first sample is a full-size JPEG. Each JPEG's start is found by its FF D8 FF signature rather than by
/// fixed offsets, which differ between box versions; trailing bytes are trimmed at EOI later.
/// </summary>
internal static class Cr3PreviewScanner
{
    private const int MaxBoxes = 256;
    private const int MaxChildren = 32;
    private const int JpegSearchWindow = 48;

    public static void Scan(ByteSource file, PreviewCandidates found)
    {
        var budget = MaxBoxes;
        foreach (var box in IsoBox.Children(file, 0, file.Length, budget))
        {
            budget--;
            if (box.Type == "moov")
            {
                ScanMovie(file, box, found, ref budget);
            }
            else if (box.IsUuid(file, CanonCr3.PreviewUuid))
            {
                foreach (var inner in IsoBox.Children(file, box.ContentStart + CanonCr3.PreviewBoxHeaderLength, box.End, 4))
                {
                    if (inner.Type == "PRVW")
                    {
                        AddJpegIn(file, inner, "PRVW", found);
                    }
                }
            }
        }
    }

    private static void ScanMovie(ByteSource file, IsoBox movie, PreviewCandidates found, ref int budget)
    {
        foreach (var box in movie.Children(file, budget))
        {
            budget--;
            if (box.IsUuid(file, CanonCr3.MetadataUuid))
            {
                foreach (var inner in IsoBox.Children(file, box.ContentStart + IsoBox.UserTypeLength, box.End, MaxChildren))
                {
                    if (inner.Type == "CMT1" && TiffPreviewScanner.ReadOrientation(file, inner.ContentStart) is { } orientation)
                    {
                        found.SetOrientation(orientation);
                    }
                    else if (inner.Type == "THMB")
                    {
                        AddJpegIn(file, inner, "THMB", found);
                    }
                }
            }
            else if (box.Type == "trak" && FirstSample(file, box) is var (offset, size))
            {
                found.Add(offset, size, "track first sample");
            }
        }
    }

    /// <summary>The JPEG inside a PRVW or THMB box: from its SOI (within the box's first bytes) to the box's end.</summary>
    private static void AddJpegIn(ByteSource file, IsoBox box, string source, PreviewCandidates found)
    {
        Span<byte> head = stackalloc byte[JpegSearchWindow];
        var window = (int)Math.Min(head.Length, box.End - box.ContentStart);
        if (window < 3 || !file.TryReadExactly(box.ContentStart, head[..window]))
        {
            return;
        }
        var soi = head[..window].IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);
        if (soi >= 0)
        {
            found.Add(box.ContentStart + soi, box.End - box.ContentStart - soi, source);
        }
    }

    /// <summary>trak → mdia → minf → stbl: the first chunk offset (stco/co64) and first sample size (stsz).</summary>
    private static (long Offset, long Size)? FirstSample(ByteSource file, IsoBox track)
    {
        var table = track.Child(file, "mdia", MaxChildren) is { } media && media.Child(file, "minf", MaxChildren) is { } info ? info.Child(file, "stbl", MaxChildren) : null;
        if (table is not { } stbl || stbl.Child(file, "stsz", MaxChildren) is not { } sizes)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!file.TryReadExactly(sizes.ContentStart, bytes))
        {
            return null; // version/flags, sample_size, sample_count, first entry
        }
        long size = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..8]);
        if (size == 0)
        {
            size = BinaryPrimitives.ReadUInt32BigEndian(bytes[12..16]);
        }
        if (stbl.Child(file, "co64", MaxChildren) is { } co64 && file.TryReadExactly(co64.ContentStart, bytes))
        {
            return ((long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..16]), long.MaxValue), size);
        }
        if (stbl.Child(file, "stco", MaxChildren) is { } stco && file.TryReadExactly(stco.ContentStart, bytes[..12]))
        {
            return (BinaryPrimitives.ReadUInt32BigEndian(bytes[8..12]), size);
        }
        return null;
    }
}
