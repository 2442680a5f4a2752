using System.Buffers.Binary;
using System.Text;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// Decides what a file is from its first bytes, never from its name: a photo or video format PiVault keeps (type and
/// MIME from the signature; the name only picks among formats that share one, such as the TIFF-based RAWs or the
/// ISO-BMFF brands), or nothing PiVault keeps (refused with 415, with a reason when the bytes are recognisably
/// something else: a program, a document, an SVG drawing, a web page).
/// </summary>
public static class MediaSniffer
{
    /// <summary>How many leading bytes <see cref="Classify"/> wants to see (fewer is fine for short files): room for a second MPEG-TS sync byte.</summary>
    public const int HeadLength = 512;

    /// <returns>The media the bytes are, or null when they match no photo or video format PiVault knows.</returns>
    public static MediaKind? Classify(ReadOnlySpan<byte> head, string fileName) =>
        FromSignature(head) is { } match ? match.Refine(MediaTypes.FromFileName(fileName)) : null;

    /// <summary>Why a file is refused when <see cref="Classify"/> found nothing, in words for the uploader.</summary>
    public static string Unrecognised(ReadOnlySpan<byte> head, string fileName)
    {
        if (NotMediaReason(head) is { } what)
        {
            return $"PiVault keeps photos and videos; this file is {what}, so it was not stored.";
        }
        var extension = Path.GetExtension(fileName);
        return MediaTypes.FromFileName(fileName) == MediaKind.Unknown
            ? $"\"{fileName}\" is not a photo or video: its bytes match no photo or video format PiVault knows, so it was not stored."
            : $"\"{fileName}\" is named {extension.ToLowerInvariant()} but its bytes are not {FormatName(extension)} or any other photo or video "
              + "format PiVault knows (the file may be damaged or only renamed), so it was not stored.";
    }

    /// <returns>A reason when the bytes are certainly not a photo or video, else null.</returns>
    public static string? NotMediaReason(ReadOnlySpan<byte> head)
    {
        foreach (var (signature, what) in NotMedia)
        {
            if (head.StartsWith(signature))
            {
                return what;
            }
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return "a WAV sound recording";
        }
        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8) && head.Slice(8, 3).SequenceEqual("M4A"u8))
        {
            return "an M4A sound recording";
        }
        return MarkupReason(head);
    }

    private static readonly (byte[] Signature, string What)[] NotMedia =
    [
        ("MZ"u8.ToArray(), "a Windows program"),
        ([0x7F, (byte)'E', (byte)'L', (byte)'F'], "a Linux program"),
        ([0xCF, 0xFA, 0xED, 0xFE], "a macOS program"),
        ([0xCA, 0xFE, 0xBA, 0xBE], "a program or Java class"),
        ("PK\u0003\u0004"u8.ToArray(), "a ZIP archive or office document"),
        ("%PDF-"u8.ToArray(), "a PDF document"),
        ("Rar!"u8.ToArray(), "a RAR archive"),
        ([(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        ([0x1F, 0x8B], "a gzip archive"),
        ("BZh"u8.ToArray(), "a bzip2 archive"),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], "an xz archive"),
        ("#!"u8.ToArray(), "a script"),
        ("SQLite format 3\0"u8.ToArray(), "an SQLite database"),
        ("ID3"u8.ToArray(), "an MP3 sound recording"),
        ("fLaC"u8.ToArray(), "a FLAC sound recording"),
    ];

    /// <summary>Text that browsers run or render: SVG drawings (which can carry scripts), web pages, XML.</summary>
    private static string? MarkupReason(ReadOnlySpan<byte> head)
    {
        var bytes = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        var text = Encoding.ASCII.GetString(bytes).TrimStart().ToLowerInvariant();
        if (!text.StartsWith('<'))
        {
            return null;
        }
        return text.Contains("<svg", StringComparison.Ordinal) || text.StartsWith("<!doctype svg", StringComparison.Ordinal)
            ? "an SVG drawing (a format that can carry scripts, not a photo)"
            : text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.StartsWith("<html", StringComparison.Ordinal)
                || text.StartsWith("<script", StringComparison.Ordinal) ? "an HTML page"
            : text.StartsWith("<?xml", StringComparison.Ordinal) ? "an XML document"
            : null;
    }

    /// <summary>"a JPEG", "a PNG", "an ARW": what a file with this extension should have been.</summary>
    private static string FormatName(string extension)
    {
        var name = extension.TrimStart('.').ToUpperInvariant() switch
        {
            "JPG" or "JPEG" or "JPE" or "INSP" => "JPEG",
            "TIF" => "TIFF",
            "MOV" or "QT" => "QuickTime movie",
            "MTS" or "M2TS" => "MPEG transport stream",
            "MPG" => "MPEG",
            "INSV" => "MP4",
            var other => other,
        };
        return ("AEFHILMNORSX".Contains(name[0], StringComparison.Ordinal) ? "an " : "a ") + name;
    }

    /// <summary>What a signature says, and which other types (told apart only by the name) share it.</summary>
    private sealed record Match(MediaKind Kind, string[]? Relatives = null)
    {
        public MediaKind Refine(MediaKind byName) =>
            byName.Type == Kind.Type && Relatives is not null && Relatives.Contains(byName.MimeType, StringComparer.Ordinal) ? byName : Kind;
    }

    private static readonly string[] TiffFamily =
    [
        "image/tiff", "image/x-adobe-dng", "image/x-canon-cr2", "image/x-nikon-nef", "image/x-nikon-nrw", "image/x-sony-arw",
        "image/x-sony-sr2", "image/x-sony-srf", "image/x-pentax-pef", "image/x-samsung-srw", "image/x-hasselblad-3fr",
        "image/x-phaseone-iiq", "image/x-epson-erf", "image/x-kodak-kdc", "image/x-olympus-orf", "image/x-panasonic-rw2",
        "image/x-panasonic-raw",
    ];

    private static readonly string[] IsoVideos = ["video/mp4", "video/x-m4v", "video/quicktime", "video/3gpp", "video/3gpp2"];

    private static readonly string[] HeifImages = ["image/heic", "image/heif", "image/avif"];

    private static Match? FromSignature(ReadOnlySpan<byte> head) =>
        FromImageSignature(head) ?? FromRawSignature(head) ?? FromContainer(head) ?? FromStreamSignature(head);

    private static Match? FromImageSignature(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return new(Image("image/jpeg"));
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new(Image("image/png"));
        }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return new(Image("image/gif"));
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]) || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A]))
        {
            return new(Image("image/jxl"));
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A])
            || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x4F, 0xFF, 0x51]))
        {
            return new(Image("image/jp2"));
        }
        if (head.StartsWith("8BPS"u8))
        {
            return new(Image("image/vnd.adobe.photoshop"));
        }
        return IsBmp(head) ? new(Image("image/bmp")) : null;
    }

    /// <summary>"BM", then a DIB header whose size is one of the known versions (core, info, v2–v5).</summary>
    private static bool IsBmp(ReadOnlySpan<byte> head) =>
        head.Length >= 18 && head.StartsWith("BM"u8)
        && BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(14, 4)) is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124;

    /// <summary>Camera RAW formats and the TIFF container most of them are built on.</summary>
    private static Match? FromRawSignature(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return new(Image("image/tiff"), TiffFamily);
        }
        if (head.StartsWith("IIRO"u8) || head.StartsWith("IIRS"u8) || head.StartsWith("MMOR"u8))
        {
            return new(Image("image/x-olympus-orf"));
        }
        if (head.StartsWith("IIU\0"u8))
        {
            return new(Image("image/x-panasonic-rw2"), ["image/x-panasonic-rw2", "image/x-panasonic-raw"]);
        }
        if (head.Length >= 14 && head.StartsWith("II\u001a\0\0\0"u8) && head.Slice(6, 8).SequenceEqual("HEAPCCDR"u8))
        {
            return new(Image("image/x-canon-crw"));
        }
        return head.StartsWith("FUJIFILMCCD-RAW"u8) ? new(Image("image/x-fuji-raf"))
            : head.StartsWith("FOVb"u8) ? new(Image("image/x-sigma-x3f"))
            : head.StartsWith("\0MRM"u8) ? new(Image("image/x-minolta-mrw"))
            : null;
    }

    /// <summary>Containers: RIFF (WebP, AVI), ISO base media (HEIF, AVIF, CR3, MP4, MOV, 3GP), Matroska/WebM, ASF, FLV, Ogg.</summary>
    private static Match? FromContainer(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            var form = head.Slice(8, 4);
            return form.SequenceEqual("WEBP"u8) ? new(Image("image/webp"))
                : form.SequenceEqual("AVI "u8) ? new(Video("video/x-msvideo"))
                : null;
        }
        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return FromBrand(Encoding.ASCII.GetString(head.Slice(8, 4)));
        }
        if (head.Length >= 8 && IsQuickTimeAtom(head.Slice(4, 4)))
        {
            return new(Video("video/quicktime"), IsoVideos); // old QuickTime movies start with their atoms, without ftyp
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return head.IndexOf("webm"u8) > 0 ? new(Video("video/webm")) : new(Video("video/x-matroska"), ["video/x-matroska", "video/webm"]);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11]))
        {
            return new(Video("video/x-ms-wmv"));
        }
        if (head.StartsWith("FLV\u0001"u8))
        {
            return new(Video("video/x-flv"));
        }
        // Ogg carries sound as often as video: only Theora is a video.
        return head.StartsWith("OggS"u8) && head.IndexOf("theora"u8) > 0 ? new(Video("video/ogg")) : null;
    }

    private static bool IsQuickTimeAtom(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("moov"u8) || type.SequenceEqual("mdat"u8) || type.SequenceEqual("wide"u8)
        || type.SequenceEqual("free"u8) || type.SequenceEqual("skip"u8) || type.SequenceEqual("pnot"u8);

    /// <summary>ISO base media files (HEIF, AVIF, MP4, MOV, CR3) name their flavour in the ftyp brand.</summary>
    private static Match? FromBrand(string brand) => brand switch
    {
        "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" => new(Image("image/heic")),
        "mif1" or "msf1" => new(Image("image/heif"), HeifImages),
        "avif" or "avis" => new(Image("image/avif")),
        "crx " => new(Image("image/x-canon-cr3")),
        "qt  " => new(Video("video/quicktime")),
        "M4A " or "M4B " or "M4P " => null, // sound
        _ when brand.StartsWith("3g", StringComparison.Ordinal) => new(Video("video/3gpp"), ["video/3gpp", "video/3gpp2"]),
        _ => new(Video("video/mp4"), IsoVideos),
    };

    /// <summary>MPEG streams: transport streams (TS, and M2TS with a 4-byte time code per packet), program streams, elementary video.</summary>
    private static Match? FromStreamSignature(ReadOnlySpan<byte> head)
    {
        const int Packet = 188;
        if (head.Length > Packet && head[0] == 0x47 && head[Packet] == 0x47)
        {
            return new(Video("video/mp2t"));
        }
        if (head.Length > Packet + 8 && head[4] == 0x47 && head[Packet + 8] == 0x47)
        {
            return new(Video("video/mp2t"));
        }
        return head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA]) || head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xB3])
            ? new(Video("video/mpeg"))
            : null;
    }

    private static MediaKind Image(string mime) => new(AssetType.Image, mime);

    private static MediaKind Video(string mime) => new(AssetType.Video, mime);
}
