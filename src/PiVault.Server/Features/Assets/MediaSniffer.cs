using System.Text;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// Classifies a file by its first bytes. It answers three ways: known media (type and MIME from the
/// signature, refined by the extension for TIFF-based RAW and ISO-BMFF brands), certainly not media
/// (executables, archives, documents: refused with 415), or unknown (stored, typed by extension).
/// </summary>
public static class MediaSniffer
{
    /// <summary>How many leading bytes <see cref="Classify"/> wants to see (fewer is fine for short files).</summary>
    public const int HeadLength = 64;

    public static MediaKind Classify(ReadOnlySpan<byte> head, string fileName)
    {
        var byName = MediaTypes.FromFileName(fileName);
        var bySignature = FromSignature(head, byName);
        return bySignature ?? byName;
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
        var text = Encoding.ASCII.GetString(head[..Math.Min(head.Length, 16)]).TrimStart().ToUpperInvariant();
        return text.StartsWith("<!DOCTYPE HTML", StringComparison.Ordinal) || text.StartsWith("<HTML", StringComparison.Ordinal)
            ? "an HTML page"
            : null;
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
    ];

    private static MediaKind? FromSignature(ReadOnlySpan<byte> head, MediaKind byName)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Image("image/jpeg");
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Image("image/png");
        }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Image("image/gif");
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            var form = head.Slice(8, 4);
            return form.SequenceEqual("WEBP"u8) ? Image("image/webp")
                : form.SequenceEqual("AVI "u8) ? Video("video/x-msvideo")
                : null;
        }
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) || head.StartsWith("IIRO"u8) || head.StartsWith("IIU\0"u8))
        {
            // TIFF and the RAW formats built on it: the extension says which camera format it is.
            return byName.Type == AssetType.Image ? byName : Image("image/tiff");
        }
        if (head.StartsWith("FUJIFILMCCD-RAW"u8))
        {
            return Image("image/x-fuji-raf");
        }
        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return FromBrand(Encoding.ASCII.GetString(head.Slice(8, 4)), byName);
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return byName.Type == AssetType.Video ? byName : Video("video/x-matroska");
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0x01, 0xBA]))
        {
            return Video("video/mpeg");
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x30, 0x26, 0xB2, 0x75]))
        {
            return Video("video/x-ms-wmv");
        }
        if (head.StartsWith("FLV\u0001"u8))
        {
            return Video("video/x-flv");
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0x0A]) || head.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 0x0C, (byte)'J', (byte)'X', (byte)'L', (byte)' ']))
        {
            return Image("image/jxl");
        }
        if (head.StartsWith("8BPS"u8))
        {
            return Image("image/vnd.adobe.photoshop");
        }
        return head.StartsWith("BM"u8) && byName.MimeType == "image/bmp" ? byName : null;
    }

    /// <summary>ISO base media files (HEIF, AVIF, MP4, MOV, CR3) name their flavour in the ftyp brand.</summary>
    private static MediaKind FromBrand(string brand, MediaKind byName) => brand switch
    {
        "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" => Image("image/heic"),
        "mif1" or "msf1" => byName.Type == AssetType.Image ? byName : Image("image/heif"),
        "avif" or "avis" => Image("image/avif"),
        "crx " => Image("image/x-canon-cr3"),
        "qt  " => Video("video/quicktime"),
        _ when brand.StartsWith("3g", StringComparison.Ordinal) => Video("video/3gpp"),
        _ => byName.Type == AssetType.Video ? byName : Video("video/mp4"),
    };

    private static MediaKind Image(string mime) => new(AssetType.Image, mime);

    private static MediaKind Video(string mime) => new(AssetType.Video, mime);
}
