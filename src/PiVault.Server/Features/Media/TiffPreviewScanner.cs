namespace PiVault.Server.Features.Media;

/// <summary>
/// Collects preview candidates from a TIFF-based RAW (DNG, CR2, NEF, NRW, ARW, SR2, ORF, RW2, PEF, SRW, 3FR, ERF,
/// KDC, IIQ, and MRW's embedded TIFF): the IFD0 chain, SubIFDs, the EXIF IFD, and the maker notes that hold previews. Each directory is
/// visited once, at most <see cref="MaxDirectories"/> in all and <see cref="MaxDepth"/> deep, so reference loops and
/// pointer bombs in crafted files end quickly.
/// </summary>
internal sealed partial class TiffPreviewScanner
{
    private const int MaxDirectories = 64;
    private const int MaxDepth = 4;
    private const int MaxChain = 16;
    private const int MaxSubDirectories = 16;
    private const int MaxStrips = 4096;

    private readonly RawFileReader file;
    private readonly PreviewCandidates found;
    private readonly HashSet<long> visited = [];

    private TiffPreviewScanner(RawFileReader file, PreviewCandidates found)
    {
        this.file = file;
        this.found = found;
    }

    /// <summary>Scans the TIFF whose header is at <paramref name="headerOffset"/> (0 for a plain TIFF-based RAW).</summary>
    public static void Scan(RawFileReader file, long headerOffset, PreviewCandidates found)
    {
        if (TiffView.ReadHeader(file, headerOffset) is not var (view, first))
        {
            return;
        }
        var scanner = new TiffPreviewScanner(file, found);
        long next = first;
        for (var i = 0; i < MaxChain && next != 0; i++)
        {
            if (scanner.Open(view, next) is not { } directory)
            {
                break;
            }
            if (i == 0 && directory.Value(TiffTag.Orientation) is { } orientation)
            {
                found.SetOrientation(orientation);
            }
            scanner.ScanImage(directory, $"IFD{i}", 0);
            next = directory.NextOffset;
        }
    }

    /// <summary>The orientation tag of IFD0 of the TIFF at <paramref name="headerOffset"/> (e.g. inside a JPEG's EXIF), if any.</summary>
    public static uint? ReadOrientation(RawFileReader file, long headerOffset) =>
        TiffView.ReadHeader(file, headerOffset) is var (view, first) && TiffDirectory.Read(file, view, first) is { } ifd0
            ? ifd0.Value(TiffTag.Orientation)
            : null;

    private TiffDirectory? Open(TiffView view, long offset)
    {
        if (offset <= 0 || visited.Count >= MaxDirectories || !visited.Add(view.Base + offset))
        {
            return null;
        }
        return TiffDirectory.Read(file, view, offset);
    }

    private void ScanImage(TiffDirectory directory, string name, int depth)
    {
        AddInterchangeFormat(directory, name);
        AddJpegStripsOrTile(directory, name);
        if (directory.Find(TiffTag.PanasonicJpgFromRaw) is { } jpg && directory.DataPosition(jpg) is { } position)
        {
            found.Add(position, jpg.Count, name + " JpgFromRaw");
        }
        if (depth >= MaxDepth)
        {
            return;
        }
        var subDirectories = directory.Values(TiffTag.SubIfds, MaxSubDirectories);
        for (var i = 0; i < subDirectories.Count; i++)
        {
            if (Open(directory.View, subDirectories[i]) is { } sub)
            {
                ScanImage(sub, $"{name}/SubIFD{i}", depth + 1);
            }
        }
        if (directory.Value(TiffTag.ExifIfd) is { } exifOffset && Open(directory.View, exifOffset) is { } exif
            && exif.Find(TiffTag.MakerNote) is { } makerNote && exif.DataPosition(makerNote) is { } notePosition)
        {
            ScanMakerNote(notePosition, makerNote.Count, directory.View, depth + 1);
        }
        if (directory.Find(TiffTag.DngPrivateData) is { } privateData && directory.DataPosition(privateData) is { } privatePosition)
        {
            ScanDngPrivateData(privatePosition, privateData.Count, depth + 1);
        }
    }

    /// <summary>JPEGInterchangeFormat/Length: the usual pointer to a preview or thumbnail JPEG.</summary>
    private void AddInterchangeFormat(TiffDirectory directory, string name)
    {
        if (directory.Value(TiffTag.JpegInterchangeFormat) is { } offset && directory.Value(TiffTag.JpegInterchangeFormatLength) is { } length)
        {
            found.Add(directory.View.Base + offset, length, name + " JPEGInterchangeFormat");
        }
    }

    /// <summary>
    /// An image stored as JPEG in strips (one, or several back to back) or in a single tile. Lossless-JPEG sensor
    /// data looks the same from here; the frame header check later tells them apart.
    /// </summary>
    private void AddJpegStripsOrTile(TiffDirectory directory, string name)
    {
        if (directory.Value(TiffTag.Compression) is not (6 or 7 or 99 or 34892))
        {
            return;
        }
        var offsets = directory.Values(TiffTag.StripOffsets, MaxStrips);
        var counts = directory.Values(TiffTag.StripByteCounts, MaxStrips);
        if (offsets.Count > 0 && offsets.Count == counts.Count && Contiguous(offsets, counts) is { } total)
        {
            found.Add(directory.View.Base + offsets[0], total, name + " strips");
        }
        var tileOffsets = directory.Values(TiffTag.TileOffsets, 1);
        var tileCounts = directory.Values(TiffTag.TileByteCounts, 1);
        if (tileOffsets.Count == 1 && tileCounts.Count == 1)
        {
            found.Add(directory.View.Base + tileOffsets[0], tileCounts[0], name + " tile");
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

/// <summary>TIFF, EXIF and maker-note tag numbers the preview scanner reads.</summary>
internal static class TiffTag
{
    public const ushort PanasonicJpgFromRaw = 0x002E;
    public const ushort Compression = 0x0103;
    public const ushort StripOffsets = 0x0111;
    public const ushort Orientation = 0x0112;
    public const ushort StripByteCounts = 0x0117;
    public const ushort TileOffsets = 0x0144;
    public const ushort TileByteCounts = 0x0145;
    public const ushort SubIfds = 0x014A;
    public const ushort JpegInterchangeFormat = 0x0201;
    public const ushort JpegInterchangeFormatLength = 0x0202;
    public const ushort ExifIfd = 0x8769;
    public const ushort MakerNote = 0x927C;
    public const ushort DngPrivateData = 0xC634;
    public const ushort NikonPreviewIfd = 0x0011;
    public const ushort PentaxPreviewLength = 0x0003;
    public const ushort PentaxPreviewStart = 0x0004;
    public const ushort OlympusPreviewStart = 0x0088;
    public const ushort OlympusPreviewLength = 0x0089;
    public const ushort OlympusCameraSettings = 0x2020;
    public const ushort OlympusCameraSettingsPreviewStart = 0x0101;
    public const ushort OlympusCameraSettingsPreviewLength = 0x0102;
}
