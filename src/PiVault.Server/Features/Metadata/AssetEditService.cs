using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Places;
using PiVault.Server.Features.Timeline;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// What the Immich app and web change on assets they own (<c>PUT /api/assets</c>, <c>PUT /api/assets/{id}</c>): favourite,
/// visibility, and the hand edits of date, place, description and rating, which become user overrides
/// (<see cref="AssetEditStore"/>) that outlive a re-run of the metadata step. The whole request is checked before
/// anything is written; the edits of all assets go in one transaction.
/// </summary>
public sealed partial class AssetEditService(
    Database database, AssetAccess access, AssetEditStore edits, IReverseGeocoder geocoder, TimelineService timeline, LockedFolder.LockedFolderGate locked,
    TimeProvider time)
{
    /// <summary>Edits one owned asset; 404 / 403 as every owner-only action.</summary>
    public void EditOne(Caller caller, string id, AssetEditRequest request)
    {
        using (var db = database.Open())
        {
            access.RequireOwned(db, caller, id);
        }
        Edit(caller, [id], request);
    }

    /// <summary>Edits every listed asset the caller owns; others are skipped (Immich's bulk rule).</summary>
    public void Edit(Caller caller, IReadOnlyList<string> ids, AssetEditRequest request)
    {
        var date = request.DateTimeOriginal is { } text ? ParseDate(text) : ((DateTime Local, int? Offset)?)null;
        var zone = request.TimeZone is { Length: > 0 } tz ? FindZone(tz) : null;
        var edit = Validate(request);
        var now = time.GetUtcNow();
        List<string> owned;
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            if (request.Visibility is AssetVisibility.Locked)
            {
                locked.RequireUnlocked(caller); // into the locked folder; what is in it is listed below only while unlocked
            }
            owned = access.OwnedAmong(db, caller, ids, includeLocked: true);
            foreach (var id in owned)
            {
                var assetEdit = edit;
                if (date is var (local, offset))
                {
                    var chosen = offset ?? (zone is not null ? (int)zone.GetUtcOffset(local).TotalMinutes : CurrentOffset(db, id));
                    assetEdit = assetEdit with { TakenLocal = local, UtcOffsetMinutes = chosen };
                }
                else if (request.DateTimeRelative is { } minutes)
                {
                    var (takenLocal, takenOffset) = CurrentLocal(db, id);
                    assetEdit = assetEdit with { TakenLocal = takenLocal.AddMinutes(minutes), UtcOffsetMinutes = takenOffset };
                }
                if (!assetEdit.IsEmpty)
                {
                    edits.Save(db, id, assetEdit, now);
                    edits.Apply(db, id, geocoder, now);
                }
                if (request.Visibility is { } visibility)
                {
                    edits.SetVisibility(db, id, visibility, now);
                }
            }
            transaction.Commit();
        }
        if (request.IsFavorite is { } favorite && owned.Count > 0)
        {
            timeline.SetFlags(caller, new BulkUpdateAssetFlagsRequest(owned, favorite, null));
        }
    }

    private static AssetEdit Validate(AssetEditRequest r)
    {
        if (r.Latitude.HasValue != r.Longitude.HasValue)
        {
            throw ApiException.BadRequest("latitude and longitude go together.");
        }
        if (r.Latitude is < -90 or > 90 || r.Longitude is < -180 or > 180)
        {
            throw ApiException.BadRequest("latitude must be within -90..90 and longitude within -180..180.");
        }
        if (r.Rating is { } stars && stars != AssetEditRequest.Unset && stars is < -1 or > 5)
        {
            throw ApiException.BadRequest("rating must be 1 to 5 stars, -1 (rejected) or null (unrated).");
        }
        if (r.Description is { Length: > 10_000 })
        {
            throw ApiException.BadRequest("description must be at most 10,000 characters.");
        }
        if (r.Visibility is AssetVisibility.Hidden)
        {
            throw ApiException.BadRequest("visibility 'hidden' belongs to the video half of a Live Photo and cannot be chosen.");
        }
        if (r.DateTimeOriginal is not null && r.DateTimeRelative is not null)
        {
            throw ApiException.BadRequest("Give dateTimeOriginal or dateTimeRelative, not both.");
        }
        var rating = r.Rating switch
        {
            AssetEditRequest.Unset => (int?)null,
            null => 0,
            var given => given,
        };
        return new AssetEdit(Latitude: r.Latitude, Longitude: r.Longitude, Description: r.Description, Rating: rating);
    }

    /// <summary>An ISO-8601 date; its offset when it has one (<c>Z</c>, <c>+02:00</c>), else null.</summary>
    private static (DateTime Local, int? Offset) ParseDate(string text)
    {
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            throw ApiException.BadRequest($"dateTimeOriginal \"{text}\" is not an ISO-8601 date and time.");
        }
        var local = DateTime.SpecifyKind(parsed.DateTime, DateTimeKind.Unspecified);
        return (local, ExplicitOffset().IsMatch(text.Trim()) ? (int)parsed.Offset.TotalMinutes : null);
    }

    private static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : throw ApiException.BadRequest($"timeZone \"{id}\" is not a known IANA time zone.");

    private static int CurrentOffset(SqliteConnection db, string id) =>
        (int)db.Scalar<long>("SELECT coalesce(utc_offset_minutes, 0) FROM assets WHERE id = $id;", ("$id", id));

    private static (DateTime Local, int Offset) CurrentLocal(SqliteConnection db, string id) => db.Query(
        "SELECT local_taken_at, coalesce(utc_offset_minutes, 0) FROM assets WHERE id = $id;",
        r => (DateTime.SpecifyKind(DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)).DateTime, DateTimeKind.Unspecified), r.GetInt32(1)),
        ("$id", id)).Single();

    [GeneratedRegex(@"(Z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ExplicitOffset();
}

/// <summary>
/// The fields of Immich's <c>UpdateAssetDto</c> / <c>AssetBulkUpdateDto</c> PiVault acts on. <see cref="Rating"/> is
/// <see cref="Unset"/> when the request leaves it out and null when it clears it.
/// </summary>
public sealed record AssetEditRequest(
    bool? IsFavorite = null, AssetVisibility? Visibility = null, string? DateTimeOriginal = null, int? DateTimeRelative = null, string? TimeZone = null,
    double? Latitude = null, double? Longitude = null, string? Description = null, int? Rating = AssetEditRequest.Unset)
{
    public const int Unset = int.MinValue;
}
