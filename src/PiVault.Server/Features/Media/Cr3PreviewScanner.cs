using System.Buffers.Binary;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Canon CR3 (ISO base media file): the Canon metadata box inside moov holds CMT1 (a TIFF IFD0 with the
/// orientation) and THMB (a 160×120 JPEG); a top-level preview box holds PRVW (a screen-sized JPEG); and the first
/// track's first sample is a full-size JPEG. Each JPEG's start is found by its FF D8 FF signature rather than by
/// fixed offsets, which differ between box versions; trailing bytes are trimmed at EOI later.
/// </summary>
internal static class Cr3PreviewScanner
{
    private static readonly byte[] CanonMetadataUuid = Convert.FromHexString("85C0B687820F11E08111F4CE462B6A48");
    private static readonly byte[] CanonPreviewUuid = Convert.FromHexString("EAF42B5E1C984B88B9FBB7DC406E4D16");
    private const int MaxBoxes = 256;
    private const int JpegSearchWindow = 48;

    /// <summary>True for an ISO-BMFF file whose major brand is Canon's "crx ".</summary>
    public static bool IsCr3(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && head[8..12].SequenceEqual("crx "u8);

    public static void Scan(RawFileReader file, PreviewCandidates found)
    {
        var budget = MaxBoxes;
        foreach (var box in Boxes(file, 0, file.Length, budget))
        {
            budget--;
            if (box.Type == "moov")
            {
                ScanMovie(file, box, found, ref budget);
            }
            else if (box.Type == "uuid" && HasUuid(file, box, CanonPreviewUuid))
            {
                // 16-byte UUID, 8 bytes Canon uses for itself, then the PRVW box.
                foreach (var inner in Boxes(file, box.PayloadStart + 24, box.End, 4))
                {
                    if (inner.Type == "PRVW")
                    {
                        AddJpegIn(file, inner, "PRVW", found);
                    }
                }
            }
        }
    }

    private static void ScanMovie(RawFileReader file, IsoBox movie, PreviewCandidates found, ref int budget)
    {
        foreach (var box in Boxes(file, movie.PayloadStart, movie.End, budget))
        {
            budget--;
            if (box.Type == "uuid" && HasUuid(file, box, CanonMetadataUuid))
            {
                foreach (var inner in Boxes(file, box.PayloadStart + 16, box.End, 32))
                {
                    if (inner.Type == "CMT1" && TiffPreviewScanner.ReadOrientation(file, inner.PayloadStart) is { } orientation)
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
    private static void AddJpegIn(RawFileReader file, IsoBox box, string source, PreviewCandidates found)
    {
        Span<byte> head = stackalloc byte[JpegSearchWindow];
        var window = (int)Math.Min(head.Length, box.End - box.PayloadStart);
        if (window < 3 || !file.TryRead(box.PayloadStart, head[..window]))
        {
            return;
        }
        var soi = head[..window].IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);
        if (soi >= 0)
        {
            found.Add(box.PayloadStart + soi, box.End - box.PayloadStart - soi, source);
        }
    }

    /// <summary>trak → mdia → minf → stbl: the first chunk offset (stco/co64) and first sample size (stsz).</summary>
    private static (long Offset, long Size)? FirstSample(RawFileReader file, IsoBox track)
    {
        var table = Child(file, track, "mdia") is { } media && Child(file, media, "minf") is { } info ? Child(file, info, "stbl") : null;
        if (table is not { } stbl || Child(file, stbl, "stsz") is not { } sizes)
        {
            return null;
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!file.TryRead(sizes.PayloadStart, bytes))
        {
            return null; // version/flags, sample_size, sample_count, first entry
        }
        long size = BinaryPrimitives.ReadUInt32BigEndian(bytes[4..8]);
        if (size == 0)
        {
            size = BinaryPrimitives.ReadUInt32BigEndian(bytes[12..16]);
        }
        if (Child(file, stbl, "co64") is { } co64 && file.TryRead(co64.PayloadStart, bytes))
        {
            return ((long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(bytes[8..16]), long.MaxValue), size);
        }
        if (Child(file, stbl, "stco") is { } stco && file.TryRead(stco.PayloadStart, bytes[..12]))
        {
            return (BinaryPrimitives.ReadUInt32BigEndian(bytes[8..12]), size);
        }
        return null;
    }

    private static IsoBox? Child(RawFileReader file, IsoBox parent, string type)
    {
        foreach (var box in Boxes(file, parent.PayloadStart, parent.End, 32))
        {
            if (box.Type == type)
            {
                return box;
            }
        }
        return null;
    }

    private static bool HasUuid(RawFileReader file, IsoBox box, byte[] uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        return box.End - box.PayloadStart >= 16 && file.TryRead(box.PayloadStart, bytes) && bytes.SequenceEqual(uuid);
    }

    /// <summary>
    /// The boxes between <paramref name="start"/> and <paramref name="end"/>, at most <paramref name="max"/>. A box
    /// that claims to run past its parent is cut at the parent's end (truncated files keep their early boxes).
    /// </summary>
    private static IEnumerable<IsoBox> Boxes(RawFileReader file, long start, long end, int max)
    {
        var header = new byte[16];
        var position = start;
        end = Math.Min(end, file.Length);
        for (var i = 0; i < max && position + 8 <= end; i++)
        {
            if (!file.TryRead(position, header.AsSpan(0, 8)))
            {
                yield break;
            }
            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerLength = 8;
            if (size == 1)
            {
                if (!file.TryRead(position + 8, header.AsSpan(8, 8)))
                {
                    yield break;
                }
                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(8)), long.MaxValue);
                headerLength = 16;
            }
            else if (size == 0)
            {
                size = end - position;
            }
            if (size < headerLength)
            {
                yield break;
            }
            var boxEnd = size > end - position ? end : position + size;
            yield return new IsoBox(System.Text.Encoding.Latin1.GetString(header, 4, 4), position + headerLength, boxEnd);
            position = boxEnd;
        }
    }

    private readonly record struct IsoBox(string Type, long PayloadStart, long End);
}
