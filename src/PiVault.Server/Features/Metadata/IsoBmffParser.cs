using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Top level of ISO-BMFF files: HEIF/HEIC/AVIF (meta items), MP4/MOV/3GP and Canon CR3 (moov), JPEG XL containers
/// (Exif and xml boxes), and Adobe's XMP uuid box.
/// </summary>
internal static class IsoBmffParser
{
    private static ReadOnlySpan<byte> XmpUuid => [0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC];

    public static void Read(ByteSource source, FoundMetadata into)
    {
        var boxes = IsoBox.Children(source, 0, source.Length).ToList();
        into.Format = FormatOf(source, boxes);
        // EXIF-bearing boxes first, so XMP (from any box) only fills gaps.
        foreach (var box in boxes)
        {
            switch (box.Type)
            {
                case "meta": HeifItems.Read(source, box, into); break;
                case "moov": QuickTimeMovie.Read(source, box, into); break;
                case "Exif": ReadJxlExif(box.ReadContent(source), into); break;
                case "mpvd": into.SetEmbeddedVideo(EmbeddedVideo.Checked(source, box.ContentStart, box.ContentLength)); break;
            }
        }
        foreach (var box in boxes)
        {
            switch (box.Type)
            {
                case "xml " when box.ReadContent(source) is { } xml: XmpReader.Read(xml, into); break;
                case "uuid": ReadXmpUuid(source, box, into); break;
            }
        }
    }

    /// <summary>True when the file starts with an ftyp box (or a QuickTime file's first atom).</summary>
    public static bool Looks(ReadOnlySpan<byte> head) =>
        head.Length >= 8 && head[4..8] is var type
        && (type.SequenceEqual("ftyp"u8) || type.SequenceEqual("JXL "u8) || type.SequenceEqual("moov"u8) || type.SequenceEqual("mdat"u8)
            || type.SequenceEqual("wide"u8) || type.SequenceEqual("free"u8) || type.SequenceEqual("skip"u8) || type.SequenceEqual("pnot"u8));

    private static string FormatOf(ByteSource source, List<IsoBox> boxes)
    {
        var ftyp = boxes.FirstOrDefault(b => b.Type == "ftyp");
        var brand = ftyp.End > 0 && source.ReadBlock(ftyp.ContentStart, 4) is { } b ? System.Text.Encoding.Latin1.GetString(b) : "";
        return brand switch
        {
            "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" or "mif1" or "msf1" or "avif" or "avis" or "mif2" => "heif",
            "crx " => "cr3",
            "jxl " => "jxl",
            _ => boxes.Any(box => box.Type == "moov") ? "quicktime" : "heif",
        };
    }

    /// <summary>JPEG XL's Exif box: a 32-bit offset to the TIFF header, then the EXIF block (as in HEIF).</summary>
    private static void ReadJxlExif(byte[]? content, FoundMetadata into)
    {
        if (content is not { Length: > 8 })
        {
            return;
        }
        var offset = (uint)((content[0] << 24) | (content[1] << 16) | (content[2] << 8) | content[3]);
        if (offset >= content.Length - 4 || !ExifReader.TryRead(new MemoryByteSource(content), 4 + offset, into))
        {
            ExifReader.TryReadExifBlock(content[4..], into);
        }
    }

    private static void ReadXmpUuid(ByteSource source, IsoBox box, FoundMetadata into)
    {
        if (box.ContentLength > IsoBox.UserTypeLength && box.IsUuid(source, XmpUuid)
            && source.ReadBlock(box.ContentStart + IsoBox.UserTypeLength, box.ContentLength - IsoBox.UserTypeLength) is { } xmp)
        {
            XmpReader.Read(xmp, into);
        }
    }
}
