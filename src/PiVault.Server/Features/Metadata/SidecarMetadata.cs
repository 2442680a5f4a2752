namespace PiVault.Server.Features.Metadata;

/// <summary>
/// An XMP sidecar beside an original in a folder library — <c>IMG_1.jpg.xmp</c> (darktable, digiKam, PiVault's exports)
/// or <c>IMG_1.xmp</c> (Lightroom) — read with the one XMP reader (<see cref="XmpReader"/>). What it says wins over the
/// file's own values, as in Immich: it is where photo software keeps the user's corrections (dates, places, captions).
/// The sidecar is only ever read.
/// </summary>
public static class SidecarMetadata
{
    /// <summary>Larger files are not XMP sidecars anyone wrote by hand or by tool; they are not read.</summary>
    private const long MaxSidecarBytes = 4 * 1024 * 1024;

    /// <summary>The sidecar of <paramref name="originalPath"/>, or null when it has none.</summary>
    public static string? Find(string originalPath)
    {
        var extension = Path.GetExtension(originalPath);
        ReadOnlySpan<string> candidates =
        [
            originalPath + ".xmp", originalPath + ".XMP",
            extension.Length > 0 ? originalPath[..^extension.Length] + ".xmp" : "",
            extension.Length > 0 ? originalPath[..^extension.Length] + ".XMP" : "",
        ];
        foreach (var candidate in candidates)
        {
            if (candidate.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// How the sidecar files the photo: the albums a PiVault sidecar lists (<c>pivault:Albums</c>), its favourite mark
    /// (<c>pivault:Favorite</c>) and its tags (keyword paths, else keywords); null without a sidecar.
    /// </summary>
    public static SidecarFiling? Filing(string originalPath) =>
        ReadFound(originalPath) is { } found ? new SidecarFiling(found.Albums, found.Favorite == true, found.Tags) : null;

    /// <summary><paramref name="fromFile"/> with what the sidecar says put over it: its capture date, its place, its description, its rating.</summary>
    public static MediaMetadata Overlay(MediaMetadata fromFile, string originalPath, string originalFileName, DateTimeOffset fileModifiedAt)
    {
        if (ReadFound(originalPath) is not { } found)
        {
            return fromFile;
        }
        var sidecar = MetadataReader.Build(found, originalFileName, fileModifiedAt);
        var merged = fromFile;
        if (sidecar.DateSource is "xmp" or "iptc")
        {
            merged = merged with
            {
                TakenAtUtc = sidecar.TakenAtUtc, TakenAtLocal = sidecar.TakenAtLocal, UtcOffset = sidecar.UtcOffset, DateSource = "xmp",
                UtcOffsetSource = sidecar.UtcOffsetSource,
            };
        }
        if (sidecar is { Latitude: { } lat, Longitude: { } lon })
        {
            merged = merged with { Latitude = lat, Longitude = lon, Altitude = sidecar.Altitude ?? merged.Altitude };
        }
        if (sidecar.Rating is { } rating)
        {
            merged = merged with { Rating = rating };
        }
        return sidecar.Description is { } description ? merged with { Description = description } : merged;
    }

    private static FoundMetadata? ReadFound(string originalPath)
    {
        if (Find(originalPath) is not { } path)
        {
            return null;
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxSidecarBytes)
            {
                return null;
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var found = new FoundMetadata();
            XmpReader.Read(bytes, found);
            return found;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // an unreadable sidecar leaves the file's own values
        }
    }
}

/// <summary>How a sidecar files its photo: albums by name, favourite, tag paths ("Parent/Child").</summary>
public sealed record SidecarFiling(IReadOnlyList<string> Albums, bool Favorite, IReadOnlyList<string> Tags);
