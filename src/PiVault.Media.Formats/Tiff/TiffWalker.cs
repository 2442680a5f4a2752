namespace PiVault.Media.Formats;

/// <summary>What a directory the walker reached stands for.</summary>
public enum TiffIfdKind
{
    /// <summary>An image: IFD0, IFD1 … of the chain, a SubIFD, or a maker note's preview IFD.</summary>
    Image,

    /// <summary>The EXIF IFD an image points to (0x8769).</summary>
    Exif,

    /// <summary>The GPS IFD an image points to (0x8825).</summary>
    Gps,

    /// <summary>The IFD of a maker note (from the EXIF IFD's 0x927C, or a DNG's DNGPrivateData).</summary>
    MakerNote,

    /// <summary>An IFD a maker note points to that is not an image (Olympus CameraSettings).</summary>
    MakerNoteChild,
}

/// <summary>One directory the walker reached.</summary>
/// <param name="Name">A path for diagnostics: "IFD0", "IFD0/SubIFD1", "IFD0/EXIF", "Nikon PreviewIFD", …</param>
/// <param name="ChainIndex">The position in the IFD0 → IFD1 → … chain, for the chain's own directories.</param>
/// <param name="Vendor">The maker-note layout, for <see cref="TiffIfdKind.MakerNote"/> and its children.</param>
public readonly record struct TiffNode(TiffDirectory Directory, TiffIfdKind Kind, string Name, int Depth, int? ChainIndex, MakerNoteVendor? Vendor);

/// <summary>
/// Walks the directories of a TIFF structure, depth first in file order: each image of the IFD chain, then its
/// SubIFDs, its EXIF IFD (and the maker note in it), its GPS IFD and a DNG's relocated maker note. Every directory is
/// visited once (by absolute position, so reference loops end), at most <see cref="MaxDirectories"/> in all and
/// <see cref="MaxDepth"/> pointers deep, so pointer bombs in crafted files end quickly.
/// </summary>
public sealed class TiffWalker
{
    public int MaxDirectories { get; init; } = 64;
    public int MaxDepth { get; init; } = 4;

    /// <summary>How many images of the IFD0 → IFD1 → … chain are followed.</summary>
    public int MaxChain { get; init; } = 16;

    public int MaxSubIfds { get; init; } = 16;

    /// <summary>Follow SubIFDs (0x014A): the full-size and preview images of DNG, NEF, ARW, ….</summary>
    public bool FollowSubIfds { get; init; } = true;

    /// <summary>Enter maker notes (Nikon, Olympus, Pentax, bare IFDs) and the IFDs they point to.</summary>
    public bool FollowMakerNotes { get; init; } = true;

    /// <summary>The directories of <paramref name="tiff"/>, starting at its IFD0.</summary>
    public IEnumerable<TiffNode> Walk(TiffReader tiff)
    {
        var visited = new HashSet<long>();
        var next = tiff.FirstIfdOffset;
        for (var i = 0; i < MaxChain && next != 0; i++)
        {
            if (Open(tiff, next, visited) is not { } directory)
            {
                yield break;
            }
            foreach (var node in Image(directory, $"IFD{i}", 0, i, visited))
            {
                yield return node;
            }
            next = directory.NextOffset;
        }
    }

    private IEnumerable<TiffNode> Image(TiffDirectory image, string name, int depth, int? chainIndex, HashSet<long> visited)
    {
        yield return new TiffNode(image, TiffIfdKind.Image, name, depth, chainIndex, null);
        if (depth >= MaxDepth)
        {
            yield break;
        }
        var tiff = image.Tiff;
        var subIfds = FollowSubIfds ? image.Values(TiffTag.SubIfds, MaxSubIfds) : [];
        for (var i = 0; i < subIfds.Count; i++)
        {
            if (Open(tiff, subIfds[i], visited) is { } sub)
            {
                foreach (var node in Image(sub, $"{name}/SubIFD{i}", depth + 1, null, visited))
                {
                    yield return node;
                }
            }
        }
        if (image.Value(TiffTag.ExifIfd) is { } exifOffset && Open(tiff, exifOffset, visited) is { } exif)
        {
            yield return new TiffNode(exif, TiffIfdKind.Exif, name + "/EXIF", depth + 1, null, null);
            if (FollowMakerNotes && exif.Find(TiffTag.MakerNote) is { } note
                && MakerNotes.Locate(tiff, note.DataPosition, note.ByteLength) is { } location)
            {
                foreach (var node in MakerNote(location, name + "/EXIF/MakerNote", depth + 1, visited))
                {
                    yield return node;
                }
            }
        }
        if (image.Value(TiffTag.GpsIfd) is { } gpsOffset && Open(tiff, gpsOffset, visited) is { } gps)
        {
            yield return new TiffNode(gps, TiffIfdKind.Gps, name + "/GPS", depth + 1, null, null);
        }
        if (FollowMakerNotes && image.Find(TiffTag.DngPrivateData) is { } privateData
            && MakerNotes.LocateInDngPrivateData(tiff, privateData) is { } original)
        {
            foreach (var node in MakerNote(original, name + "/DNGPrivateData", depth + 1, visited))
            {
                yield return node;
            }
        }
    }

    private IEnumerable<TiffNode> MakerNote(MakerNoteLocation location, string name, int depth, HashSet<long> visited)
    {
        if (Open(location.View, location.DirectoryOffset, visited) is not { } notes)
        {
            yield break;
        }
        yield return new TiffNode(notes, TiffIfdKind.MakerNote, name, depth, null, location.Vendor);
        if (depth >= MaxDepth)
        {
            yield break;
        }
        if (location.Vendor == MakerNoteVendor.Nikon && notes.Value(TiffTag.NikonPreviewIfd) is { } previewOffset
            && Open(location.View, previewOffset, visited) is { } preview)
        {
            foreach (var node in Image(preview, "Nikon PreviewIFD", depth + 1, null, visited))
            {
                yield return node;
            }
        }
        if (location.Vendor is MakerNoteVendor.Olympus or MakerNoteVendor.Bare && CameraSettingsOffset(notes) is { } settingsOffset
            && Open(location.View, settingsOffset, visited) is { } settings)
        {
            yield return new TiffNode(settings, TiffIfdKind.MakerNoteChild, "Olympus CameraSettings", depth + 1, null, location.Vendor);
        }
    }

    /// <summary>Olympus CameraSettings is either a sub-IFD pointer or an UNDEFINED blob that is itself an IFD.</summary>
    private static long? CameraSettingsOffset(TiffDirectory notes) =>
        notes.Find(TiffTag.OlympusCameraSettings) is { Type: 7 } blob
            ? blob.ByteLength > 0 ? blob.DataPosition - notes.Tiff.Origin : null
            : notes.Value(TiffTag.OlympusCameraSettings);

    private TiffDirectory? Open(TiffReader tiff, long offset, HashSet<long> visited)
    {
        if (offset <= 0 || visited.Count >= MaxDirectories || !visited.Add(tiff.Origin + offset))
        {
            return null;
        }
        return tiff.ReadDirectory(offset);
    }
}
