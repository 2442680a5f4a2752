using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Metadata;

/// <summary>How supplied metadata meets the file's own: <c>Prefer</c> wins over it, <c>Fill</c> only fills what the file lacks.</summary>
public enum SuppliedMode
{
    Prefer,
    Fill,
}

/// <summary>
/// Metadata that came with a file from outside it (a Google Takeout sidecar: what the Google Photos user saw and edited),
/// kept by content (owner, checksum) in <c>supplied_metadata</c> (migration 0024). The metadata step merges it over what
/// the file says (<see cref="Merge"/>), so an asset imported with a sidecar keeps its date, place and description however
/// often the step runs.
/// </summary>
public sealed record SuppliedMetadata(SuppliedMode Mode, DateTimeOffset? TakenAt, double? Latitude, double? Longitude, string? Description, string Source)
{
    /// <summary>What the step stores: the file's values with the supplied ones merged in (the one rule for it).</summary>
    public MediaMetadata Merge(MediaMetadata file)
    {
        var fileHasDate = file.DateSource is not ("file" or "filename");
        var useDate = TakenAt is { } && (Mode == SuppliedMode.Prefer || !fileHasDate);
        var usePlace = Latitude is { } && Longitude is { } && (Mode == SuppliedMode.Prefer || file.Latitude is null);
        var useDescription = Description is { } && (Mode == SuppliedMode.Prefer || string.IsNullOrEmpty(file.Description));
        var merged = file with
        {
            Latitude = usePlace ? Latitude : file.Latitude,
            Longitude = usePlace ? Longitude : file.Longitude,
            Altitude = usePlace ? null : file.Altitude,
            Description = useDescription ? Description : file.Description,
        };
        if (!useDate)
        {
            return merged;
        }
        var utc = TakenAt!.Value;
        var offset = file.UtcOffset ?? (fileHasDate ? OffsetFrom(file.TakenAtLocal, utc) : null);
        return merged with
        {
            TakenAtUtc = utc,
            TakenAtLocal = offset is { } o ? utc.ToOffset(o).DateTime : utc.UtcDateTime,
            UtcOffset = offset,
            UtcOffsetSource = offset is null ? null : file.UtcOffsetSource ?? Source,
            DateSource = Source,
        };
    }

    /// <summary>
    /// The file's wall clock against the supplied instant: when they differ by a whole quarter hour within ±14 h, that is
    /// the zone it was taken in (Google keeps the instant, the camera the local time).
    /// </summary>
    private static TimeSpan? OffsetFrom(DateTime? local, DateTimeOffset utc)
    {
        if (local is not { } wallClock)
        {
            return null;
        }
        var difference = wallClock - utc.UtcDateTime;
        var quarters = Math.Round(difference.TotalMinutes / 15);
        return Math.Abs(difference.TotalMinutes - (quarters * 15)) < 1 && Math.Abs(quarters) <= 14 * 4 ? TimeSpan.FromMinutes(quarters * 15) : null;
    }
}

/// <summary>SQL for <c>supplied_metadata</c>.</summary>
public sealed class SuppliedMetadataStore
{
    /// <summary>Keeps the first 'prefer' row for these bytes: a later import of the same file only fills.</summary>
    public void Save(SqliteConnection db, string ownerId, byte[] checksum, SuppliedMetadata m) => db.Execute(
        """
        INSERT INTO supplied_metadata (owner_id, checksum, mode, taken_at, latitude, longitude, description, source)
        VALUES ($owner, $checksum, $mode, $taken, $lat, $lon, $description, $source)
        ON CONFLICT (owner_id, checksum) DO UPDATE SET
            taken_at = coalesce(taken_at, excluded.taken_at), latitude = coalesce(latitude, excluded.latitude),
            longitude = CASE WHEN latitude IS NULL THEN excluded.longitude ELSE longitude END,
            description = coalesce(description, excluded.description);
        """,
        ("$owner", ownerId), ("$checksum", checksum), ("$mode", m.Mode == SuppliedMode.Prefer ? "prefer" : "fill"),
        ("$taken", m.TakenAt?.ToDb()), ("$lat", m.Latitude), ("$lon", m.Longitude), ("$description", m.Description), ("$source", m.Source));

    public SuppliedMetadata? Find(SqliteConnection db, string ownerId, byte[] checksum) => db.QuerySingle(
        "SELECT mode, taken_at, latitude, longitude, description, source FROM supplied_metadata WHERE owner_id = $owner AND checksum = $checksum;",
        r => new SuppliedMetadata(r.GetString(0) == "prefer" ? SuppliedMode.Prefer : SuppliedMode.Fill, r.GetNullableTime(1),
            r.IsDBNull(2) ? null : r.GetDouble(2), r.IsDBNull(3) ? null : r.GetDouble(3), r.GetNullableString(4), r.GetString(5)),
        ("$owner", ownerId), ("$checksum", checksum));
}
