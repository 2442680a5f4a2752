using System.Globalization;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Timeline;

/// <summary>The timeline in month buckets (main, favourites, archive, one album) and the favourite/archive flags.</summary>
public sealed class TimelineService(
    Database database, TimelineStore timeline, AlbumService albums, AssetAccess access, LockedFolder.LockedFolderGate locked, Partners.PartnerStore partners,
    Tags.TagService tags, TimeProvider time)
{
    /// <summary>
    /// <paramref name="withPartners"/>: the main timeline also shows the partners the caller chose to show in it;
    /// <paramref name="tagId"/>: only what carries that tag of the caller's or one under it (404 for another's tag).
    /// </summary>
    public List<TimeBucketDto> Buckets(Caller caller, string? view, string? albumId, bool withPartners = false, string? tagId = null)
    {
        var filter = TagFilterOf(caller, tagId);
        using var db = database.Open();
        var (kind, scope) = Scope(db, caller, view, albumId, withPartners);
        return timeline.Buckets(db, kind, scope, filter);
    }

    public List<TimelineAssetDto> Bucket(Caller caller, string? timeBucket, string? view, string? albumId, bool withPartners = false, string? tagId = null)
    {
        var start = ParseBucket(timeBucket);
        var filter = TagFilterOf(caller, tagId);
        using var db = database.Open();
        var (kind, scope) = Scope(db, caller, view, albumId, withPartners);
        return timeline.Bucket(db, kind, scope, start, start.AddMonths(1), filter);
    }

    private TimelineTagFilter? TagFilterOf(Caller caller, string? tagId) =>
        string.IsNullOrEmpty(tagId) ? null : new TimelineTagFilter(tags.Get(caller, TagFilter.RequireId(tagId)).Id, caller.UserId);

    /// <summary>Raised after photos became favourites (tiering brings a favourite's original back to the fast drive).</summary>
    public event Action? Favorited;

    public AssetFlagsDto SetFlags(Caller caller, string id, UpdateAssetFlagsRequest request)
    {
        using var db = database.Open();
        var asset = access.RequireOwned(db, caller, id);
        timeline.SetFlags(db, caller.UserId, asset.Id, request.IsFavorite, request.IsArchived, time.GetUtcNow());
        var flags = timeline.Flags(db, caller.UserId, asset.Id)!;
        if (request.IsFavorite == true)
        {
            Favorited?.Invoke();
        }
        return flags;
    }

    /// <summary>Ids the caller does not own are skipped; the answer lists what changed.</summary>
    public List<AssetFlagsDto> SetFlags(Caller caller, BulkUpdateAssetFlagsRequest request)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var changed = access.OwnedAmong(db, caller, request.Ids ?? [])
            .Where(id => timeline.SetFlags(db, caller.UserId, id, request.IsFavorite, request.IsArchived, now))
            .Select(id => timeline.Flags(db, caller.UserId, id)!)
            .ToList();
        transaction.Commit();
        if (request.IsFavorite == true && changed.Count > 0)
        {
            Favorited?.Invoke();
        }
        return changed;
    }

    private (TimelineView Kind, string Scope) Scope(Microsoft.Data.Sqlite.SqliteConnection db, Caller caller, string? view, string? albumId, bool withPartners)
    {
        if (withPartners && (albumId is not null || view is not (null or "" or "timeline")))
        {
            throw ApiException.BadRequest("withPartners is only for the main timeline (not an album, favourites, the archive or the locked folder).");
        }
        if (albumId is not null)
        {
            albums.RequireRole(db, caller, albumId, AlbumService.Viewer);
            return (TimelineView.Album, albumId);
        }
        var kind = view switch
        {
            null or "" or "timeline" => TimelineView.Timeline,
            "favorites" => TimelineView.Favorites,
            "archive" => TimelineView.Archive,
            "locked" => TimelineView.Locked,
            _ => throw ApiException.BadRequest("view must be 'timeline', 'favorites', 'archive' or 'locked'."),
        };
        if (kind == TimelineView.Locked)
        {
            locked.RequireUnlocked(caller);
        }
        return (kind == TimelineView.Timeline && withPartners && partners.AnyInTimeline(db, caller.UserId) ? TimelineView.TimelineWithPartners : kind, caller.UserId);
    }

    /// <summary>Buckets are named <c>yyyy-MM</c>; the day part of <c>yyyy-MM-dd</c> (Immich's form) is ignored.</summary>
    private static DateTimeOffset ParseBucket(string? value)
    {
        var text = value?.Length >= 7 ? value[..7] : value;
        return DateTimeOffset.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            ? start
            : throw ApiException.BadRequest("timeBucket must be a month like 2024-05.");
    }
}
