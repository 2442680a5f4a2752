using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Raw values the container parsers found, before the date fallbacks are applied. Each setter keeps the first value
/// seen, so parsers visit the most authoritative place first (IFD0 before a thumbnail IFD, EXIF before XMP).
/// </summary>
internal sealed class FoundMetadata
{
    public string Format { get; set; } = "unknown";

    public ExifDate Original { get; } = new();
    public ExifDate Digitized { get; } = new();
    public ExifDate Modified { get; } = new();

    public string? XmpDateCreated { get; private set; }
    public string? XmpCreateDate { get; private set; }
    public string? XmpDateTimeOriginal { get; private set; }

    public string? IptcDateCreated { get; private set; }

    public string? QuickTimeCreationDate { get; private set; }
    public DateTime? QuickTimeCreatedUtc { get; private set; }

    public double? Latitude { get; private set; }
    public double? Longitude { get; private set; }
    public double? Altitude { get; private set; }
    public DateTime? GpsTimeUtc { get; private set; }

    public string? Make { get; private set; }
    public string? Model { get; private set; }
    public string? LensModel { get; private set; }
    public double? ExposureSeconds { get; private set; }
    public double? FNumber { get; private set; }
    public int? Iso { get; private set; }
    public double? FocalLengthMm { get; private set; }
    public int? Orientation { get; private set; }
    public string? Description { get; private set; }
    public int? Width { get; private set; }
    public int? Height { get; private set; }
    public double? DurationSeconds { get; private set; }

    public bool HasGps => Latitude is not null && Longitude is not null;

    /// <summary>Album names from a PiVault sidecar (<c>pivault:Albums</c>), in order, without repeats.</summary>
    public List<string> Albums { get; } = [];

    public void AddAlbum(string? value)
    {
        if (Clean(value) is { } name && Albums.Count < 1000 && !Albums.Contains(name, StringComparer.Ordinal))
        {
            Albums.Add(name);
        }
    }

    /// <summary>The star rating (<c>xmp:Rating</c>): 1–5, or -1 for rejected; 0 and anything else is unrated (null).</summary>
    public int? Rating { get; private set; }

    public void SetRating(string? value)
    {
        if (Rating is null && double.TryParse(value?.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var stars)
            && Math.Round(stars) is var whole && whole is >= -1 and <= 5 && whole != 0)
        {
            Rating = (int)whole;
        }
    }

    /// <summary>A PiVault sidecar's <c>pivault:Favorite</c>.</summary>
    public bool? Favorite { get; private set; }

    public void SetFavorite(string? value) => Favorite ??= Clean(value)?.ToLowerInvariant() switch { "true" or "1" => true, "false" or "0" => false, _ => null };

    /// <summary>Keywords (<c>dc:subject</c>): plain names.</summary>
    public List<string> Keywords { get; } = [];

    /// <summary>Keyword paths ("Parent/Child") from <c>lr:hierarchicalSubject</c> ("Parent|Child") or digiKam's <c>TagsList</c>.</summary>
    public List<string> KeywordPaths { get; } = [];

    public void AddKeyword(string? value) => AddDistinct(Keywords, Clean(value));

    public void AddKeywordPath(string? value, char separator)
    {
        if (Clean(value) is not { } text)
        {
            return;
        }
        var parts = text.Split(separator).Select(p => p.Trim()).ToArray();
        if (parts.All(p => p.Length > 0))
        {
            AddDistinct(KeywordPaths, string.Join('/', parts.Select(p => p.Replace('/', '-'))));
        }
    }

    /// <summary>The tags the metadata names: the keyword paths when there are any (they hold the plain keywords too), else the keywords.</summary>
    public IReadOnlyList<string> Tags => KeywordPaths.Count > 0 ? KeywordPaths : Keywords.ConvertAll(k => k.Replace('/', '-'));

    private static void AddDistinct(List<string> list, string? value)
    {
        if (value is not null && list.Count < 1000 && !list.Contains(value, StringComparer.Ordinal))
        {
            list.Add(value);
        }
    }

    /// <summary>Apple's Live Photo pairing key: the still's MakerNote tag 0x0011 or the movie's content identifier key.</summary>
    public string? ContentIdentifier { get; private set; }

    /// <summary>What the XMP says about an embedded motion photo video (GCamera, Container); located against the file afterwards.</summary>
    public MotionPhotoXmp MotionPhoto { get; } = new();

    /// <summary>The embedded motion photo video, once found (an HEIC mpvd box, or located from <see cref="MotionPhoto"/>).</summary>
    public EmbeddedVideo? EmbeddedVideo { get; private set; }

    /// <summary>Why a declared motion photo yielded no video; null otherwise.</summary>
    public string? MotionPhotoProblem { get; set; }

    public void SetContentIdentifier(string? value) => ContentIdentifier ??= Clean(value);
    public void SetEmbeddedVideo(EmbeddedVideo? value) => EmbeddedVideo ??= value;

    public void SetXmpDateCreated(string? value) => XmpDateCreated ??= Clean(value);
    public void SetXmpCreateDate(string? value) => XmpCreateDate ??= Clean(value);
    public void SetXmpDateTimeOriginal(string? value) => XmpDateTimeOriginal ??= Clean(value);
    public void SetIptcDateCreated(string? value) => IptcDateCreated ??= Clean(value);
    public void SetQuickTimeCreationDate(string? value) => QuickTimeCreationDate ??= Clean(value);

    public void SetQuickTimeCreatedUtc(DateTime value)
    {
        // 0 (1904) and other pre-digital values mean "not set" in practice.
        if (value.Year >= 1971 && value.Year <= 2100)
        {
            QuickTimeCreatedUtc ??= value;
        }
    }

    /// <summary>Keeps the first plausible position; (0, 0) is what unset GPS receivers write, so it counts as absent.</summary>
    public void SetPosition(double latitude, double longitude)
    {
        if (HasGps || !double.IsFinite(latitude) || !double.IsFinite(longitude)
            || Math.Abs(latitude) > 90 || Math.Abs(longitude) > 180 || (latitude == 0 && longitude == 0))
        {
            return;
        }
        Latitude = latitude;
        Longitude = longitude;
    }

    public void SetAltitude(double value)
    {
        if (double.IsFinite(value) && Math.Abs(value) < 100_000)
        {
            Altitude ??= value;
        }
    }

    public void SetGpsTimeUtc(DateTime value) => GpsTimeUtc ??= value;
    public void SetMake(string? value) => Make ??= Clean(value);
    public void SetModel(string? value) => Model ??= Clean(value);
    public void SetLensModel(string? value) => LensModel ??= Clean(value);
    public void SetDescription(string? value) => Description ??= Clean(value);
    public void SetExposureSeconds(double? value) => ExposureSeconds ??= Positive(value);
    public void SetFNumber(double? value) => FNumber ??= Positive(value);
    public void SetFocalLengthMm(double? value) => FocalLengthMm ??= Positive(value);
    public void SetIso(long? value) => Iso ??= value is > 0 and < 10_000_000 ? (int)value : null;

    public void SetOrientation(long? value) => Orientation ??= value is >= 1 and <= 8 ? (int)value : null;

    public void SetDuration(double? value) => DurationSeconds ??= value is > 0 and < 1e7 ? value : null;

    public void SetSize(long? width, long? height)
    {
        if (Width is null && width is > 0 and <= 1_000_000 && height is > 0 and <= 1_000_000)
        {
            Width = (int)width;
            Height = (int)height;
        }
    }

    /// <summary>EXIF's PixelXDimension/PixelYDimension: used only when the container gives no size.</summary>
    public void SetExifPixelSize(long? width, long? height)
    {
        if (ExifWidth is null && width is > 0 and <= 1_000_000 && height is > 0 and <= 1_000_000)
        {
            ExifWidth = (int)width;
            ExifHeight = (int)height;
        }
    }

    public int? ExifWidth { get; private set; }
    public int? ExifHeight { get; private set; }

    private static double? Positive(double? value) => value is > 0 && double.IsFinite(value.Value) ? value : null;

    /// <summary>Trims padding NULs and spaces; empty or control-only strings count as absent.</summary>
    public static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var nul = value.IndexOf('\0', StringComparison.Ordinal);
        var trimmed = (nul >= 0 ? value[..nul] : value).Trim();
        if (trimmed.Length == 0 || trimmed.All(char.IsControl))
        {
            return null;
        }
        return trimmed.Length > 256 ? trimmed[..256] : trimmed;
    }
}

/// <summary>One EXIF date with its companions (DateTimeOriginal + SubSecTimeOriginal + OffsetTimeOriginal, and so on).</summary>
internal sealed class ExifDate
{
    public string? Value { get; private set; }
    public string? SubSeconds { get; private set; }
    public string? Offset { get; private set; }

    public void SetValue(string? value) => Value ??= FoundMetadata.Clean(value);
    public void SetSubSeconds(string? value) => SubSeconds ??= FoundMetadata.Clean(value);
    public void SetOffset(string? value) => Offset ??= FoundMetadata.Clean(value);
}
