using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Timeline;

public static class TimelineEndpoints
{
    /// <summary>
    /// <c>view</c> is <c>timeline</c> (default), <c>favorites</c> or <c>archive</c>; <c>albumId</c> shows one album instead;
    /// <c>withPartners=true</c> adds to the main timeline the partners the caller shows in it; <c>tagId</c> keeps only what
    /// carries that tag or one under it.
    /// </summary>
    public static RouteGroupBuilder MapTimeline(this RouteGroupBuilder api)
    {
        var timeline = api.MapGroup("/timeline");
        timeline.MapGet("/buckets", (string? view, string? albumId, bool? withPartners, string? tagId, HttpContext http, TimelineService service) =>
                TypedResults.Ok(service.Buckets(http.GetCaller(), view, albumId, withPartners == true, tagId)))
            .RequirePermission(Permission.AssetRead);
        timeline.MapGet("/bucket", (string? timeBucket, string? view, string? albumId, bool? withPartners, string? tagId, HttpContext http,
                TimelineService service) =>
                TypedResults.Ok(service.Bucket(http.GetCaller(), timeBucket, view, albumId, withPartners == true, tagId)))
            .RequirePermission(Permission.AssetRead);

        api.MapPut("/assets/{id}", (string id, UpdateAssetFlagsRequest request, HttpContext http, TimelineService service) =>
                TypedResults.Ok(service.SetFlags(http.GetCaller(), id, request)))
            .RequirePermission(Permission.AssetUpdate);
        api.MapPut("/assets", (BulkUpdateAssetFlagsRequest request, HttpContext http, TimelineService service) =>
                TypedResults.Ok(service.SetFlags(http.GetCaller(), request)))
            .RequirePermission(Permission.AssetUpdate);
        return api;
    }
}
