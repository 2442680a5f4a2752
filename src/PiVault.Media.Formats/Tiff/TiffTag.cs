namespace PiVault.Media.Formats;

/// <summary>TIFF, EXIF and maker-note tag numbers that the walker follows or that more than one user reads.</summary>
public static class TiffTag
{
    public const ushort NewSubfileType = 0x00FE;
    public const ushort ImageWidth = 0x0100;
    public const ushort ImageLength = 0x0101;
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
    public const ushort GpsIfd = 0x8825;
    public const ushort MakerNote = 0x927C;
    public const ushort DngPrivateData = 0xC634;

    /// <summary>Panasonic RW2's full-size JPEG in IFD0.</summary>
    public const ushort PanasonicJpgFromRaw = 0x002E;

    /// <summary>Nikon maker note: the offset of its PreviewIFD.</summary>
    public const ushort NikonPreviewIfd = 0x0011;

    /// <summary>Olympus maker note: CameraSettings, a sub-IFD pointer or an UNDEFINED blob that is itself an IFD.</summary>
    public const ushort OlympusCameraSettings = 0x2020;
}
