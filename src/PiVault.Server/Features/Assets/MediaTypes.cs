namespace PiVault.Server.Features.Assets;

public enum AssetType
{
    Image,
    Video,
    Other,
}

/// <summary>What a file is, as far as PiVault can tell from its first bytes and its name.</summary>
public sealed record MediaKind(AssetType Type, string MimeType)
{
    public static readonly MediaKind Unknown = new(AssetType.Other, "application/octet-stream");
}

/// <summary>
/// The file extensions PiVault knows, with their MIME types. Also what the Immich CLI's media-types call lists,
/// so both upload paths agree on what media is. Only raster photo and video formats belong here: nothing that can
/// carry a script (SVG, HTML, XML, PDF), because these are also the types served inline (<see cref="IsMediaType"/>).
/// </summary>
public static class MediaTypes
{
    public static readonly IReadOnlyDictionary<string, string> Images = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".jpe"] = "image/jpeg", [".png"] = "image/png",
        [".gif"] = "image/gif", [".webp"] = "image/webp", [".tif"] = "image/tiff", [".tiff"] = "image/tiff",
        [".heic"] = "image/heic", [".heif"] = "image/heif", [".hif"] = "image/heif", [".avif"] = "image/avif",
        [".jxl"] = "image/jxl", [".bmp"] = "image/bmp", [".jp2"] = "image/jp2", [".psd"] = "image/vnd.adobe.photoshop",
        [".insp"] = "image/jpeg",
        [".dng"] = "image/x-adobe-dng", [".cr2"] = "image/x-canon-cr2", [".cr3"] = "image/x-canon-cr3",
        [".crw"] = "image/x-canon-crw", [".nef"] = "image/x-nikon-nef", [".nrw"] = "image/x-nikon-nrw",
        [".arw"] = "image/x-sony-arw", [".sr2"] = "image/x-sony-sr2", [".srf"] = "image/x-sony-srf",
        [".orf"] = "image/x-olympus-orf", [".rw2"] = "image/x-panasonic-rw2", [".raf"] = "image/x-fuji-raf",
        [".pef"] = "image/x-pentax-pef", [".srw"] = "image/x-samsung-srw", [".raw"] = "image/x-panasonic-raw",
        [".3fr"] = "image/x-hasselblad-3fr", [".iiq"] = "image/x-phaseone-iiq", [".erf"] = "image/x-epson-erf",
        [".kdc"] = "image/x-kodak-kdc", [".mrw"] = "image/x-minolta-mrw", [".x3f"] = "image/x-sigma-x3f",
    };

    public static readonly IReadOnlyDictionary<string, string> Videos = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4", [".m4v"] = "video/x-m4v", [".mov"] = "video/quicktime", [".qt"] = "video/quicktime",
        [".3gp"] = "video/3gpp", [".3g2"] = "video/3gpp2", [".mkv"] = "video/x-matroska", [".webm"] = "video/webm",
        [".avi"] = "video/x-msvideo", [".wmv"] = "video/x-ms-wmv", [".flv"] = "video/x-flv", [".mts"] = "video/mp2t",
        [".m2ts"] = "video/mp2t", [".mpg"] = "video/mpeg", [".mpeg"] = "video/mpeg", [".insv"] = "video/mp4",
        [".ogv"] = "video/ogg",
    };

    private static readonly HashSet<string> MimeTypes = new([.. Images.Values, .. Videos.Values], StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="mimeType"/> is one of the photo or video types above (what the sniffer can answer).</summary>
    public static bool IsMediaType(string mimeType) => MimeTypes.Contains(mimeType);

    public static MediaKind FromFileName(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        if (Images.TryGetValue(extension, out var image))
        {
            return new MediaKind(AssetType.Image, image);
        }
        return Videos.TryGetValue(extension, out var video) ? new MediaKind(AssetType.Video, video) : MediaKind.Unknown;
    }

    public static string ToDb(this AssetType type) => type switch
    {
        AssetType.Image => "image",
        AssetType.Video => "video",
        _ => "other",
    };

    public static AssetType AssetTypeFromDb(string value) => value switch
    {
        "image" => AssetType.Image,
        "video" => AssetType.Video,
        _ => AssetType.Other,
    };
}
