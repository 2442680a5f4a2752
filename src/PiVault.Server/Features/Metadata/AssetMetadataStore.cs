using System.Globalization;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Places;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Writes of the <c>asset_metadata</c> table and the metadata-derived columns of <c>assets</c>; reads go through
/// <c>AssetStore.MetadataOf</c>, the one mapper of its rows.
/// </summary>
public sealed class AssetMetadataStore
{
    public void Save(SqliteConnection db, string assetId, MediaMetadata m, Place? place, string? videoCodec) => db.Execute(
        """
        INSERT INTO asset_metadata (asset_id, taken_local, utc_offset_minutes, date_source, latitude, longitude, altitude, city, region,
            country, make, model, lens_model, exposure_seconds, f_number, iso, focal_length_mm, orientation, description, video_codec, rating)
        VALUES ($id, $local, $offset, $source, $lat, $lon, $alt, $city, $region, $country, $make, $model, $lens, $exposure, $f, $iso,
            $focal, $orientation, $description, $codec, $rating)
        ON CONFLICT (asset_id) DO UPDATE SET
            taken_local = excluded.taken_local, utc_offset_minutes = excluded.utc_offset_minutes, date_source = excluded.date_source,
            latitude = excluded.latitude, longitude = excluded.longitude, altitude = excluded.altitude, city = excluded.city,
            region = excluded.region, country = excluded.country, make = excluded.make, model = excluded.model,
            lens_model = excluded.lens_model, exposure_seconds = excluded.exposure_seconds, f_number = excluded.f_number,
            iso = excluded.iso, focal_length_mm = excluded.focal_length_mm, orientation = excluded.orientation,
            description = excluded.description, video_codec = excluded.video_codec, rating = excluded.rating;
        """,
        ("$id", assetId), ("$local", m.TakenAtLocal?.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture)),
        ("$offset", m.UtcOffset is { } offset ? (int)offset.TotalMinutes : null), ("$source", m.DateSource),
        ("$lat", m.Latitude), ("$lon", m.Longitude), ("$alt", m.Altitude), ("$city", place?.Name), ("$region", place?.AdminCode),
        ("$country", place?.CountryName ?? place?.CountryCode), ("$make", m.Make), ("$model", m.Model), ("$lens", m.LensModel),
        ("$exposure", m.ExposureSeconds), ("$f", m.FNumber), ("$iso", m.Iso), ("$focal", m.FocalLengthMm),
        ("$orientation", m.Orientation), ("$description", m.Description), ("$codec", videoCodec), ("$rating", m.Rating));

    /// <summary>
    /// Capture time, its UTC offset (which places the asset in the timeline's local days and months, migration 0008) and
    /// duration refine what the upload knew (the step is stamped done beside it, <c>AssetStore.MarkStepDone</c>).
    /// </summary>
    public void SaveTiming(SqliteConnection db, string assetId, DateTimeOffset takenAt, TimeSpan? utcOffset, long? durationMs, DateTimeOffset now) => db.Execute(
        "UPDATE assets SET taken_at = $taken, utc_offset_minutes = $offset, duration_ms = coalesce($duration, duration_ms), updated_at = $now WHERE id = $id;",
        ("$id", assetId), ("$taken", takenAt.ToDb()), ("$offset", utcOffset is { } offset ? (int)offset.TotalMinutes : null), ("$duration", durationMs),
        ("$now", now.ToDb()));
}

/// <summary>What the viewer's info panel shows: when and where, and with what.</summary>
public sealed record AssetMetadataDto(
    string? TakenLocal, int? UtcOffsetMinutes, string DateSource, double? Latitude, double? Longitude, double? Altitude,
    string? City, string? Region, string? Country, string? Make, string? Model, string? LensModel, double? ExposureSeconds,
    double? FNumber, int? Iso, double? FocalLengthMm, int? Orientation, string? Description, string? VideoCodec, int? Rating = null)
{
    public static AssetMetadataDto From(AssetMetadataRow m) => new(
        m.TakenLocal, m.UtcOffsetMinutes, m.DateSource, m.Latitude, m.Longitude, m.Altitude, m.City, m.Region, m.Country, m.Make, m.Model,
        m.LensModel, m.ExposureSeconds, m.FNumber, (int?)m.Iso, m.FocalLengthMm, (int?)m.Orientation, m.Description, m.VideoCodec, m.Rating);
}
