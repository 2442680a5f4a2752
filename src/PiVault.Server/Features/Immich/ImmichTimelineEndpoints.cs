using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Timeline;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's <c>/timeline/buckets</c> and <c>/timeline/bucket</c> (the Immich web client's timeline) over
/// <see cref="TimelineService"/>: the same local-time months and tiles as <c>/api/v1/timeline</c>.
/// </summary>
public static class ImmichTimelineEndpoints
{
    public static RouteGroupBuilder MapImmichTimeline(this RouteGroupBuilder api)
    {
        var timeline = api.MapGroup("/timeline");
        timeline.MapGet("/buckets", (string? visibility, bool? isFavorite, bool? isTrashed, string? albumId, bool? withPartners, string? tagId,
                HttpContext http, TimelineService service) =>
                TypedResults.Ok(service.Buckets(http.GetCaller(), View(visibility, isFavorite, isTrashed, albumId), albumId, withPartners == true, tagId)
                    .ConvertAll(b => new ImmichTimeBucketDto($"{b.TimeBucket}-01", b.Count))))
            .RequirePermission(Permission.TimelineRead);
        timeline.MapGet("/bucket", (string? timeBucket, string? visibility, bool? isFavorite, bool? isTrashed, string? albumId, bool? withPartners,
                string? tagId, HttpContext http, TimelineService service) =>
                TypedResults.Ok(Columns(service.Bucket(http.GetCaller(), timeBucket, View(visibility, isFavorite, isTrashed, albumId), albumId,
                    withPartners == true, tagId))))
            .RequirePermission(Permission.TimelineRead);
        return api;
    }

    /// <summary>Immich's filters as PiVault's views; the trash and hidden assets have no timeline here, the locked folder one behind its PIN.</summary>
    private static string? View(string? visibility, bool? isFavorite, bool? isTrashed, string? albumId)
    {
        if (isTrashed == true || visibility is "hidden")
        {
            throw ApiException.BadRequest("PiVault has no timeline of trashed or hidden assets.");
        }
        return albumId is not null ? null
            : isFavorite == true ? "favorites"
            : visibility switch
            {
                null or "" or "timeline" => "timeline",
                "archive" => "archive",
                "locked" => "locked",
                _ => throw ApiException.BadRequest("visibility must be 'timeline', 'archive' or 'locked'."),
            };
    }

    private static ImmichTimeBucketAssetsDto Columns(List<TimelineAssetDto> tiles) => new(
        tiles.ConvertAll(t => t.TakenAt),
        tiles.ConvertAll(t => t.DurationSeconds is { } s ? (long?)Math.Round(s * 1000) : null),
        tiles.ConvertAll(t => t.TakenAt),
        tiles.ConvertAll(t => t.Id),
        tiles.ConvertAll(t => t.IsFavorite),
        tiles.ConvertAll(t => t.Type != "video"),
        tiles.ConvertAll(_ => false),
        tiles.ConvertAll(t => t.LivePhotoVideoId),
        tiles.ConvertAll(t => (t.UtcOffsetMinutes ?? 0) / 60.0),
        tiles.ConvertAll(t => t.OwnerId),
        tiles.ConvertAll(_ => (string?)null),
        tiles.ConvertAll(t => t is { Width: > 0, Height: > 0 } ? (double)t.Width.Value / t.Height.Value : 1.0),
        tiles.ConvertAll(t => t.ThumbHash),
        tiles.ConvertAll(t => (t.IsArchived ? AssetVisibility.Archive : AssetVisibility.Timeline).ToDb()));
}
