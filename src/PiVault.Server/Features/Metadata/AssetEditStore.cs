using System.Globalization;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Places;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// A user's hand edits of one asset (migration 0031); a null field was not edited. <see cref="TakenLocal"/> comes
/// with <see cref="UtcOffsetMinutes"/>, <see cref="Latitude"/> with <see cref="Longitude"/>; <see cref="Rating"/> 0
/// is "unrated by hand" and <see cref="Description"/> "" clears the file's.
/// </summary>
public sealed record AssetEdit(
    DateTime? TakenLocal = null, int? UtcOffsetMinutes = null, double? Latitude = null, double? Longitude = null, string? Description = null,
    int? Rating = null)
{
    public bool IsEmpty => TakenLocal is null && Latitude is null && Description is null && Rating is null;
}

/// <summary>
/// <c>asset_edits</c> and THE rule that lays them over what the metadata step read (<see cref="Apply"/>): the step
/// calls it after every extraction and an edit calls it at once, so both write the same rows.
/// </summary>
public sealed class AssetEditStore
{
    private const string LocalFormat = "yyyy-MM-ddTHH:mm:ss.fff";

    /// <summary>Merges <paramref name="edit"/> into the asset's stored edits (fields it leaves null stay as they were).</summary>
    public void Save(SqliteConnection db, string assetId, AssetEdit edit, DateTimeOffset now) => db.Execute(
        """
        INSERT INTO asset_edits (asset_id, taken_local, utc_offset_minutes, latitude, longitude, description, rating, updated_at)
        VALUES ($id, $local, $offset, $lat, $lon, $description, $rating, $now)
        ON CONFLICT (asset_id) DO UPDATE SET
            taken_local = coalesce(excluded.taken_local, taken_local),
            utc_offset_minutes = CASE WHEN excluded.taken_local IS NULL THEN utc_offset_minutes ELSE excluded.utc_offset_minutes END,
            latitude = coalesce(excluded.latitude, latitude), longitude = coalesce(excluded.longitude, longitude),
            description = coalesce(excluded.description, description), rating = coalesce(excluded.rating, rating),
            updated_at = excluded.updated_at;
        """,
        ("$id", assetId), ("$local", edit.TakenLocal?.ToString(LocalFormat, CultureInfo.InvariantCulture)), ("$offset", edit.UtcOffsetMinutes),
        ("$lat", edit.Latitude), ("$lon", edit.Longitude), ("$description", edit.Description), ("$rating", edit.Rating), ("$now", now.ToDb()));

    public AssetEdit? Find(SqliteConnection db, string assetId) => db.QuerySingle(
        "SELECT taken_local, utc_offset_minutes, latitude, longitude, description, rating FROM asset_edits WHERE asset_id = $id;",
        r => new AssetEdit(
            r.IsDBNull(0) ? null : DateTime.ParseExact(r.GetString(0), LocalFormat, CultureInfo.InvariantCulture),
            r.IsDBNull(1) ? null : r.GetInt32(1), r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetInt32(5)),
        ("$id", assetId));

    /// <summary>
    /// Lays the asset's edits over its metadata row and its capture time (<c>assets.taken_at</c>, <c>utc_offset_minutes</c>,
    /// hence the timeline's local time): an edited date has source <c>user</c>, an edited place is named again. Without a
    /// metadata row yet only the capture time changes; the step calls this again when it has written the row.
    /// </summary>
    public void Apply(SqliteConnection db, string assetId, IReverseGeocoder geocoder, DateTimeOffset now)
    {
        if (Find(db, assetId) is not { } edit)
        {
            return;
        }
        var place = edit is { Latitude: { } lat, Longitude: { } lon } ? geocoder.Nearest(lat, lon) : null;
        db.Execute(
            """
            UPDATE asset_metadata SET
                taken_local = coalesce($local, taken_local),
                utc_offset_minutes = CASE WHEN $local IS NULL THEN utc_offset_minutes ELSE $offset END,
                date_source = CASE WHEN $local IS NULL THEN date_source ELSE 'user' END,
                latitude = coalesce($lat, latitude), longitude = coalesce($lon, longitude),
                city = CASE WHEN $lat IS NULL THEN city ELSE $city END, region = CASE WHEN $lat IS NULL THEN region ELSE $region END,
                country = CASE WHEN $lat IS NULL THEN country ELSE $country END,
                description = CASE WHEN $description IS NULL THEN description ELSE nullif($description, '') END,
                rating = CASE WHEN $rating IS NULL THEN rating ELSE nullif($rating, 0) END
            WHERE asset_id = $id;
            """,
            ("$id", assetId), ("$local", edit.TakenLocal?.ToString(LocalFormat, CultureInfo.InvariantCulture)), ("$offset", edit.UtcOffsetMinutes),
            ("$lat", edit.Latitude), ("$lon", edit.Longitude), ("$city", place?.Name), ("$region", place?.AdminCode),
            ("$country", place?.CountryName ?? place?.CountryCode), ("$description", edit.Description), ("$rating", edit.Rating));
        if (edit.TakenLocal is { } local)
        {
            var offset = TimeSpan.FromMinutes(edit.UtcOffsetMinutes ?? 0);
            var takenAt = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
            db.Execute(
                """
                UPDATE assets SET taken_at = $taken, utc_offset_minutes = $offset, updated_at = $now
                WHERE id = $id AND (taken_at IS NOT $taken OR utc_offset_minutes IS NOT $offset);
                """,
                ("$id", assetId), ("$taken", takenAt.ToDb()), ("$offset", edit.UtcOffsetMinutes ?? 0), ("$now", now.ToDb()));
        }
    }

    /// <summary>
    /// Moves the asset between timeline, archive and the locked folder (never out of hidden: a Live Photo's video half).
    /// Into the locked folder it leaves every album and share link, as in Immich: album members' phones drop it.
    /// </summary>
    public void SetVisibility(SqliteConnection db, string assetId, Assets.AssetVisibility visibility, DateTimeOffset now)
    {
        db.Execute(
            "UPDATE assets SET visibility = $visibility, updated_at = $now WHERE id = $id AND visibility NOT IN ('hidden', $visibility);",
            ("$id", assetId), ("$visibility", Assets.AssetVisibilities.ToDb(visibility)), ("$now", now.ToDb()));
        if (visibility == Assets.AssetVisibility.Locked)
        {
            db.Execute("DELETE FROM album_assets WHERE asset_id = $id;", ("$id", assetId));
            db.Execute("DELETE FROM shared_link_assets WHERE asset_id = $id;", ("$id", assetId));
        }
    }
}
