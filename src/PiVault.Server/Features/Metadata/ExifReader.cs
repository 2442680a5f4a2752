using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>Pulls the fields PiVault keeps out of the EXIF IFDs (IFD0, ExifIFD, GPS IFD) of a TIFF structure.</summary>
internal static class ExifReader
{
    private const ushort ImageWidth = TiffTag.ImageWidth, ImageLength = TiffTag.ImageLength, ImageDescription = 0x010E, Make = 0x010F, Model = 0x0110;
    private const ushort Orientation = TiffTag.Orientation, DateTime = 0x0132, XmlPacket = 0x02BC;
    private const ushort NewSubfileType = TiffTag.NewSubfileType;
    private const ushort ExposureTime = 0x829A, FNumber = 0x829D, IsoSpeed = 0x8827, DateTimeOriginal = 0x9003, DateTimeDigitized = 0x9004;
    private const ushort OffsetTime = 0x9010, OffsetTimeOriginal = 0x9011, OffsetTimeDigitized = 0x9012;
    private const ushort SubSecTime = 0x9290, SubSecTimeOriginal = 0x9291, SubSecTimeDigitized = 0x9292;
    private const ushort MakerNote = TiffTag.MakerNote, AppleContentIdentifier = 0x0011;
    private const ushort FocalLength = 0x920A, PixelXDimension = 0xA002, PixelYDimension = 0xA003, LensModel = 0xA434;

    // IFD0 and IFD1 of the chain, the EXIF and GPS IFDs; no SubIFDs or maker notes (no field read here lives there).
    private static readonly TiffWalker Walker = new() { MaxChain = 2, FollowSubIfds = false, FollowMakerNotes = false };

    private static readonly string[] CameraBoilerplate = ["OLYMPUS DIGITAL CAMERA", "SONY DSC", "DIGITAL CAMERA", "KODAK", "Exif_JPEG_PICTURE", "default"];

    /// <summary>Reads EXIF from a TIFF header at <paramref name="origin"/> in <paramref name="source"/>; false when there is none.</summary>
    public static bool TryRead(ByteSource source, long origin, FoundMetadata into, bool isWholeTiffFile = false)
    {
        var tiff = TiffReader.TryOpen(source, origin);
        if (tiff is null)
        {
            return false;
        }
        Read(tiff, into, isWholeTiffFile);
        return true;
    }

    /// <summary>Reads a TIFF block whose IFD0 is really another IFD (Canon CR3 keeps ExifIFD and GPS IFD as separate blocks).</summary>
    public static void TryReadTiffBlock(ByteSource source, TiffBlockKind kind, FoundMetadata into)
    {
        var tiff = TiffReader.TryOpen(source);
        if (tiff is null)
        {
            return;
        }
        switch (kind)
        {
            case TiffBlockKind.Ifd0: Read(tiff, into, isWholeTiffFile: false); break;
            case TiffBlockKind.ExifIfd when tiff.ReadDirectory(tiff.FirstIfdOffset) is { } exif: ReadExifIfd(exif, into); break;
            case TiffBlockKind.GpsIfd when tiff.ReadDirectory(tiff.FirstIfdOffset) is { } gps: GpsIfdReader.Read(gps, into); break;
        }
    }

    /// <summary>Reads the JPEG/HEIF form "Exif\0\0" + TIFF, tolerating writers that leave out or misplace the prefix.</summary>
    public static bool TryReadExifBlock(byte[] block, FoundMetadata into)
    {
        var span = block.AsSpan();
        var start = span.StartsWith("Exif\0\0"u8) ? 6 : span.StartsWith("Exif"u8) ? 4 : 0;
        if (TryRead(new MemoryByteSource(block.AsMemory(start)), 0, into))
        {
            return true;
        }
        // Some HEIF writers put junk before the header; look for it in the first bytes.
        var limit = Math.Min(span.Length - 4, 64);
        for (var i = 0; i < limit; i++)
        {
            if ((span[i] == 'I' && span[i + 1] == 'I' && span[i + 2] == 42) || (span[i] == 'M' && span[i + 1] == 'M' && span[i + 3] == 42))
            {
                return TryRead(new MemoryByteSource(block.AsMemory(i)), 0, into);
            }
        }
        return false;
    }

    private static void Read(TiffReader tiff, FoundMetadata into, bool isWholeTiffFile)
    {
        TiffDirectory? ifd0 = null;
        foreach (var node in Walker.Walk(tiff))
        {
            switch (node)
            {
                case { Kind: TiffIfdKind.Image, ChainIndex: 0 }: ifd0 = node.Directory; ReadIfd0(node.Directory, into); break;
                case { Kind: TiffIfdKind.Exif }: ReadExifIfd(node.Directory, into); break;
                case { Kind: TiffIfdKind.Gps }: GpsIfdReader.Read(node.Directory, into); break;
                // Some cameras tag only the thumbnail (IFD1) with the orientation; it describes the main image too.
                case { Kind: TiffIfdKind.Image, ChainIndex: 1 }: into.SetOrientation(node.Directory.Find(Orientation) is { } o ? tiff.ReadInteger(o) : null); break;
            }
        }
        if (ifd0 is null)
        {
            return;
        }
        // XMP only fills what EXIF left empty.
        if (Last(ifd0, XmlPacket) is { } xmp && tiff.ReadBytes(xmp) is { } packet)
        {
            XmpReader.Read(packet, into);
        }
        // IFD0 of a TIFF is the image itself unless it is marked as a reduced-resolution copy (DNG, CR2 previews).
        if (isWholeTiffFile && (Integer(ifd0, NewSubfileType) ?? 0) == 0)
        {
            into.SetSize(Integer(ifd0, ImageWidth), Integer(ifd0, ImageLength));
        }
    }

    private static void ReadIfd0(TiffDirectory ifd0, FoundMetadata into)
    {
        var tiff = ifd0.Tiff;
        foreach (var entry in ifd0.Entries)
        {
            switch (entry.Tag)
            {
                case Make: into.SetMake(tiff.ReadString(entry)); break;
                case Model: into.SetModel(tiff.ReadString(entry)); break;
                case Orientation: into.SetOrientation(tiff.ReadInteger(entry)); break;
                case DateTime: into.Modified.SetValue(tiff.ReadString(entry)); break;
                case ImageDescription: into.SetDescription(MeaningfulDescription(tiff.ReadString(entry))); break;
            }
        }
    }

    /// <summary>The first value of an integer tag, as the IFD's last entry with that tag says (a repeated tag overrides).</summary>
    private static long? Integer(TiffDirectory directory, ushort tag) => Last(directory, tag) is { } entry ? directory.Tiff.ReadInteger(entry) : null;

    private static TiffEntry? Last(TiffDirectory directory, ushort tag)
    {
        TiffEntry? last = null;
        foreach (var entry in directory.Entries)
        {
            last = entry.Tag == tag ? entry : last;
        }
        return last;
    }

    private static void ReadExifIfd(TiffDirectory exif, FoundMetadata into)
    {
        var tiff = exif.Tiff;
        long? pixelX = null, pixelY = null;
        foreach (var entry in exif.Entries)
        {
            switch (entry.Tag)
            {
                case DateTimeOriginal: into.Original.SetValue(tiff.ReadString(entry)); break;
                case DateTimeDigitized: into.Digitized.SetValue(tiff.ReadString(entry)); break;
                case SubSecTimeOriginal: into.Original.SetSubSeconds(tiff.ReadString(entry)); break;
                case SubSecTimeDigitized: into.Digitized.SetSubSeconds(tiff.ReadString(entry)); break;
                case SubSecTime: into.Modified.SetSubSeconds(tiff.ReadString(entry)); break;
                case OffsetTimeOriginal: into.Original.SetOffset(tiff.ReadString(entry)); break;
                case OffsetTimeDigitized: into.Digitized.SetOffset(tiff.ReadString(entry)); break;
                case OffsetTime: into.Modified.SetOffset(tiff.ReadString(entry)); break;
                case ExposureTime: into.SetExposureSeconds(tiff.ReadNumber(entry)); break;
                case FNumber: into.SetFNumber(tiff.ReadNumber(entry)); break;
                case IsoSpeed: into.SetIso(tiff.ReadInteger(entry)); break;
                case FocalLength: into.SetFocalLengthMm(tiff.ReadNumber(entry)); break;
                case LensModel: into.SetLensModel(tiff.ReadString(entry)); break;
                case PixelXDimension: pixelX = tiff.ReadInteger(entry); break;
                case PixelYDimension: pixelY = tiff.ReadInteger(entry); break;
                case MakerNote: ReadAppleMakerNote(tiff, entry, into); break;
            }
        }
        // Only a fallback: containers (JPEG SOF, HEIF ispe) know the real size better than EXIF does.
        into.SetExifPixelSize(pixelX, pixelY);
    }

    /// <summary>An iPhone's maker note names the Live Photo the still belongs to (tag 0x0011, the movie's content identifier).</summary>
    private static void ReadAppleMakerNote(TiffReader tiff, TiffEntry note, FoundMetadata into)
    {
        if (MakerNotes.Locate(tiff, note.DataPosition, note.ByteLength) is { Vendor: MakerNoteVendor.Apple } apple
            && apple.View.ReadDirectory(apple.DirectoryOffset)?.Find(AppleContentIdentifier) is { } identifier)
        {
            into.SetContentIdentifier(apple.View.ReadString(identifier));
        }
    }

    /// <summary>Camera firmware fills ImageDescription with its own name; that is no description.</summary>
    private static string? MeaningfulDescription(string? text)
    {
        var clean = FoundMetadata.Clean(text);
        if (clean is null)
        {
            return null;
        }
        return CameraBoilerplate.Any(b => clean.StartsWith(b, StringComparison.OrdinalIgnoreCase)) ? null : clean;
    }
}

/// <summary>Which IFD a standalone TIFF block's first IFD stands for.</summary>
internal enum TiffBlockKind
{
    Ifd0,
    ExifIfd,
    GpsIfd,
}
