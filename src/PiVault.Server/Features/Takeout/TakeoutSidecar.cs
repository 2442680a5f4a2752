using System.Globalization;
using System.Text.Json;

namespace PiVault.Server.Features.Takeout;

/// <summary>
/// What a Google Photos sidecar says about its photo: when it was taken (<c>photoTakenTime</c>, Unix seconds, UTC), where
/// (<c>geoData</c>, else <c>geoDataExif</c>; 0,0 is Google's "none"), its description, and the favourite, archived and
/// trashed flags. Parsed with <see cref="JsonDocument"/> (no reflection); anything missing or malformed is left out.
/// </summary>
public sealed record TakeoutSidecar(
    string? Title, DateTimeOffset? TakenAt, double? Latitude, double? Longitude, string? Description, bool Favorited, bool Archived, bool Trashed)
{
    public static readonly TakeoutSidecar Empty = new(null, null, null, null, null, false, false, false);

    /// <summary>Whether it carries anything the metadata step merges (date, place or description).</summary>
    public bool HasMetadata => TakenAt is not null || Latitude is not null || Description is not null;

    public static TakeoutSidecar Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }
            var (lat, lon) = Position(root, "geoData") ?? Position(root, "geoDataExif") ?? (null, null);
            return new TakeoutSidecar(
                Text(root, "title"), Timestamp(root, "photoTakenTime") ?? Timestamp(root, "creationTime"), lat, lon,
                Text(root, "description") is { Length: > 0 } d ? d : null, Flag(root, "favorited"), Flag(root, "archived"), Flag(root, "trashed"));
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>An album folder's <c>metadata.json</c>: its title (newer exports at the top, older ones under <c>albumData</c>).</summary>
    public static string? AlbumTitle(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var title = Text(root, "title") ?? (root.TryGetProperty("albumData", out var album) && album.ValueKind == JsonValueKind.Object ? Text(album, "title") : null);
            return string.IsNullOrWhiteSpace(title) ? null : title.Trim();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Google writes <c>{"timestamp": "1556189729", "formatted": "…"}</c>; 0 means unknown.</summary>
    private static DateTimeOffset? Timestamp(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var time) || time.ValueKind != JsonValueKind.Object || !time.TryGetProperty("timestamp", out var stamp))
        {
            return null;
        }
        long seconds;
        if (stamp.ValueKind == JsonValueKind.String)
        {
            if (!long.TryParse(stamp.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out seconds))
            {
                return null;
            }
        }
        else if (stamp.ValueKind != JsonValueKind.Number || !stamp.TryGetInt64(out seconds))
        {
            return null;
        }
        return seconds is > 0 and < 32503680000 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
    }

    private static (double?, double?)? Position(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var geo) || geo.ValueKind != JsonValueKind.Object
            || !geo.TryGetProperty("latitude", out var latitude) || !geo.TryGetProperty("longitude", out var longitude)
            || latitude.ValueKind != JsonValueKind.Number || longitude.ValueKind != JsonValueKind.Number)
        {
            return null;
        }
        var (lat, lon) = (latitude.GetDouble(), longitude.GetDouble());
        var plausible = double.IsFinite(lat) && double.IsFinite(lon) && Math.Abs(lat) <= 90 && Math.Abs(lon) <= 180;
        return plausible && (lat != 0 || lon != 0) ? (lat, lon) : null;
    }
}
