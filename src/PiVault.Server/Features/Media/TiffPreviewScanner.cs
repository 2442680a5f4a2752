using PiVault.Media.Formats;

namespace PiVault.Server.Features.Media;

/// <summary>
/// Collects preview candidates from a TIFF-based RAW (DNG, CR2, NEF, NRW, ARW, SR2, ORF, RW2, PEF, SRW, 3FR, ERF,
/// KDC, IIQ, and MRW's embedded TIFF) as the format layer's <see cref="TiffWalker"/> reaches its directories: the IFD
/// chain, SubIFDs, and the maker notes that hold previews (Nikon's PreviewIFD, Olympus, Pentax, Minolta, and the
/// original note a DNG keeps in DNGPrivateData). The walker bounds the walk; this class only knows where previews are.
/// </summary>
internal static class TiffPreviewScanner
{
    private const int MaxStrips = 4096;

    private const ushort PentaxPreviewLength = 0x0003, PentaxPreviewStart = 0x0004;
    private const ushort OlympusPreviewStart = 0x0088, OlympusPreviewLength = 0x0089;
    private const ushort CameraSettingsPreviewStart = 0x0101, CameraSettingsPreviewLength = 0x0102;

    private static readonly TiffWalker Walker = new();

    /// <summary>Scans the TIFF whose header is at <paramref name="headerOffset"/> (0 for a plain TIFF-based RAW).</summary>
    public static void Scan(ByteSource file, long headerOffset, PreviewCandidates found)
    {
        if (TiffReader.TryOpen(file, headerOffset) is not { } tiff)
        {
            return;
        }
        foreach (var node in Walker.Walk(tiff))
        {
            var directory = node.Directory;
            switch (node.Kind)
            {
                case TiffIfdKind.Image:
                    if (node.ChainIndex == 0 && directory.Value(TiffTag.Orientation) is { } orientation)
                    {
                        found.SetOrientation(orientation);
                    }
                    AddImage(directory, node.Name, found);
                    break;
                case TiffIfdKind.MakerNote when node.Vendor == MakerNoteVendor.Pentax:
                    AddPair(directory, PentaxPreviewStart, PentaxPreviewLength, "Pentax PreviewImage", found);
                    break;
                case TiffIfdKind.MakerNote when node.Vendor is MakerNoteVendor.Olympus or MakerNoteVendor.Bare:
                    AddPair(directory, OlympusPreviewStart, OlympusPreviewLength, "maker note PreviewImage", found);
                    break;
                case TiffIfdKind.MakerNoteChild:
                    AddPair(directory, CameraSettingsPreviewStart, CameraSettingsPreviewLength, "Olympus CameraSettings PreviewImage", found);
                    break;
            }
        }
    }

    /// <summary>The orientation tag of IFD0 of the TIFF at <paramref name="headerOffset"/> (e.g. inside a JPEG's EXIF), if any.</summary>
    public static uint? ReadOrientation(ByteSource file, long headerOffset) =>
        TiffReader.TryOpen(file, headerOffset) is { } tiff ? tiff.ReadDirectory(tiff.FirstIfdOffset)?.Value(TiffTag.Orientation) : null;

    private static void AddImage(TiffDirectory directory, string name, PreviewCandidates found)
    {
        // JPEGInterchangeFormat/Length: the usual pointer to a preview or thumbnail JPEG.
        AddPair(directory, TiffTag.JpegInterchangeFormat, TiffTag.JpegInterchangeFormatLength, name + " JPEGInterchangeFormat", found);
        AddJpegStripsOrTile(directory, name, found);
        if (directory.Find(TiffTag.PanasonicJpgFromRaw) is { } jpg)
        {
            found.Add(jpg.DataPosition, jpg.Count, name + " JpgFromRaw");
        }
    }

    /// <summary>A start/length tag pair whose start is relative to the directory's TIFF origin.</summary>
    private static void AddPair(TiffDirectory directory, ushort startTag, ushort lengthTag, string source, PreviewCandidates found)
    {
        if (directory.Value(startTag) is { } start && directory.Value(lengthTag) is { } length)
        {
            found.Add(directory.Tiff.ToSourceOffset(start), length, source);
        }
    }

    /// <summary>
    /// An image stored as JPEG in strips (one, or several back to back) or in a single tile. Lossless-JPEG sensor
    /// data looks the same from here; the frame header check later tells them apart.
    /// </summary>
    private static void AddJpegStripsOrTile(TiffDirectory directory, string name, PreviewCandidates found)
    {
        if (directory.Value(TiffTag.Compression) is not (6 or 7 or 99 or 34892))
        {
            return;
        }
        var offsets = directory.Values(TiffTag.StripOffsets, MaxStrips);
        var counts = directory.Values(TiffTag.StripByteCounts, MaxStrips);
        if (offsets.Count > 0 && offsets.Count == counts.Count && Contiguous(offsets, counts) is { } total)
        {
            found.Add(directory.Tiff.ToSourceOffset(offsets[0]), total, name + " strips");
        }
        var tileOffsets = directory.Values(TiffTag.TileOffsets, 1);
        var tileCounts = directory.Values(TiffTag.TileByteCounts, 1);
        if (tileOffsets.Count == 1 && tileCounts.Count == 1)
        {
            found.Add(directory.Tiff.ToSourceOffset(tileOffsets[0]), tileCounts[0], name + " tile");
        }
    }

    /// <summary>The total length when each strip starts where the previous one ends, else null.</summary>
    private static long? Contiguous(IReadOnlyList<uint> offsets, IReadOnlyList<uint> counts)
    {
        long total = counts[0];
        for (var i = 1; i < offsets.Count; i++)
        {
            if ((long)offsets[i] != (long)offsets[i - 1] + counts[i - 1])
            {
                return null;
            }
            total += counts[i];
        }
        return total;
    }
}
