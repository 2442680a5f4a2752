namespace PiVault.Media.Formats;

/// <summary>
/// Canon CR3, an ISO-BMFF file with major brand "crx ". Inside <c>moov</c>, a <c>uuid</c> box with
/// <see cref="MetadataUuid"/> holds CMT1 (a TIFF whose IFD0 is the image's IFD0), CMT2 (the EXIF IFD), CMT3 (the maker
/// note), CMT4 (the GPS IFD) and THMB (a 160×120 JPEG); a top-level <c>uuid</c> box with <see cref="PreviewUuid"/> holds,
/// after 8 bytes of its own, PRVW (a screen-sized JPEG).
/// </summary>
public static class CanonCr3
{
    public static ReadOnlySpan<byte> MetadataUuid => [0x85, 0xC0, 0xB6, 0x87, 0x82, 0x0F, 0x11, 0xE0, 0x81, 0x11, 0xF4, 0xCE, 0x46, 0x2B, 0x6A, 0x48];
    public static ReadOnlySpan<byte> PreviewUuid => [0xEA, 0xF4, 0x2B, 0x5E, 0x1C, 0x98, 0x4B, 0x88, 0xB9, 0xFB, 0xB7, 0xDC, 0x40, 0x6E, 0x4D, 0x16];

    /// <summary>The preview box's content: its user type, then 8 bytes Canon uses for itself, then PRVW.</summary>
    public const int PreviewBoxHeaderLength = IsoBox.UserTypeLength + 8;

    /// <summary>True for an ISO-BMFF file whose major brand is "crx ".</summary>
    public static bool Is(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && head[8..12].SequenceEqual("crx "u8);
}
