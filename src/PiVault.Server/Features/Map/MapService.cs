using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Places;
using PiVault.Server.Features.Settings;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Map;

/// <summary>A photo on the map: where it was taken and the place the metadata step named.</summary>
public sealed record MapMarker(string Id, double Lat, double Lon, string? City, string? State, string? Country);

/// <summary>Immich's map filters. Without <c>IsArchived</c> only timeline photos show; with it, archived ones too.</summary>
public sealed record MapQuery(bool? IsArchived = null, bool? IsFavorite = null, DateTimeOffset? FileCreatedAfter = null, DateTimeOffset? FileCreatedBefore = null,
    bool WithSharedAlbums = false, bool WithPartners = false);

/// <summary>The map's style documents, fetched by the viewer's browser or phone (the appliance fetches no tiles).</summary>
public sealed record MapStyles(string Light, string Dark);

/// <summary>
/// The map (docs/map.md): markers for the caller's own photos with GPS and, when asked, those of albums shared with them —
/// and, when asked, those of the partners who share their library with the caller (<see cref="Partners.PartnerStore"/>'s
/// rule) — never another user's otherwise, never trashed, hidden or locked (<see cref="AssetVisibilities.ListedSql"/>).
/// </summary>
public sealed class MapService(Database database, IReverseGeocoder geocoder, SettingsStore settings, TimeProvider time)
{
    public const string DefaultLightStyle = "https://tiles.immich.cloud/v1/style/light.json";
    public const string DefaultDarkStyle = "https://tiles.immich.cloud/v1/style/dark.json";
    private const string LightKey = "map.lightStyleUrl";
    private const string DarkKey = "map.darkStyleUrl";

    public List<MapMarker> Markers(Caller caller, MapQuery q)
    {
        using var db = database.Open();
        return db.Query(
            $"""
            SELECT a.id, m.latitude, m.longitude, m.city, m.region, m.country
            FROM assets a JOIN asset_metadata m ON m.asset_id = a.id
            WHERE m.latitude IS NOT NULL AND m.longitude IS NOT NULL AND a.deleted_at IS NULL
              AND a.{AssetVisibilities.ListedSql} AND ($archived = 1 OR a.visibility = 'timeline')
              AND ($favorite IS NULL OR a.is_favorite = $favorite)
              AND ($after IS NULL OR a.file_created_at >= $after) AND ($before IS NULL OR a.file_created_at <= $before)
              AND (a.owner_id = $user OR ($shared = 1 AND EXISTS (
                  SELECT 1 FROM album_assets aa JOIN album_viewers v ON v.album_id = aa.album_id WHERE aa.asset_id = a.id AND v.user_id = $user))
                  OR ($partners = 1 AND {Partners.PartnerStore.SharedWithUserSql}))
            ORDER BY a.local_taken_at DESC, a.id;
            """,
            r => new MapMarker(r.GetString(0), r.GetDouble(1), r.GetDouble(2), r.GetNullableString(3), r.GetNullableString(4), r.GetNullableString(5)),
            ("$user", caller.UserId), ("$archived", q.IsArchived == true ? 1 : 0), ("$favorite", q.IsFavorite is { } f ? (f ? 1 : 0) : null),
            ("$after", q.FileCreatedAfter?.ToDb()), ("$before", q.FileCreatedBefore?.ToDb()), ("$shared", q.WithSharedAlbums ? 1 : 0),
            ("$partners", q.WithPartners ? 1 : 0));
    }

    /// <summary>The nearest known place, offline (GeoNames); empty in the wilderness.</summary>
    public List<Place> ReverseGeocode(double lat, double lon) =>
        lat is < -90 or > 90 || lon is < -180 or > 180 || double.IsNaN(lat) || double.IsNaN(lon)
            ? throw ApiException.BadRequest("lat must be within ±90 and lon within ±180.")
            : geocoder.Nearest(lat, lon) is { } place ? [place] : [];

    public MapStyles Styles()
    {
        using var db = database.Open();
        var all = settings.All(db);
        return new MapStyles(all.GetValueOrDefault(LightKey, DefaultLightStyle), all.GetValueOrDefault(DarkKey, DefaultDarkStyle));
    }

    /// <summary>Sets the style URLs (http or https); an empty value goes back to the default.</summary>
    public MapStyles SetStyles(string? light, string? dark)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var now = time.GetUtcNow();
        if (light is not null)
        {
            settings.Set(db, LightKey, ValidUrl(light, DefaultLightStyle), now);
        }
        if (dark is not null)
        {
            settings.Set(db, DarkKey, ValidUrl(dark, DefaultDarkStyle), now);
        }
        transaction.Commit();
        return Styles();
    }

    private static string ValidUrl(string value, string fallback) =>
        value.Trim() is "" ? fallback
        : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.ToString()
        : throw ApiException.BadRequest("A map style is an http or https URL of a MapLibre style document.");
}
