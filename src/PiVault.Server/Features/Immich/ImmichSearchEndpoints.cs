using System.Globalization;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.SmartSearch;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// <c>POST /search/metadata</c>: Immich's paged, filtered asset listing over <see cref="AssetService.Search"/>;
/// <c>POST /search/smart</c>: the same filters, ranked by CLIP (<see cref="SmartSearchService"/>).
/// </summary>
public static class ImmichSearchEndpoints
{
    public static RouteGroupBuilder MapImmichSearch(this RouteGroupBuilder api)
    {
        api.MapPost("/search/metadata", (MetadataSearchRequest request, HttpContext http, AssetService service, AlbumService albums, OriginalLocator originals) =>
        {
            // Like Immich: the caller's own assets that are in every given album, which the caller must be able to see.
            albums.RequireVisible(http.GetCaller(), request.AlbumIds ?? []);
            var (items, total, next) = service.Search(http.GetCaller(), Query(request), request.Page, request.Size);
            var nextPage = next?.ToString(CultureInfo.InvariantCulture);
            var coldOffline = originals.ColdOffline;
            var assets = new ImmichSearchAssetsDto(items.Count, [], items.ConvertAll(a => ImmichMapper.Asset(a, coldOffline)), null, nextPage, total);
            return TypedResults.Ok(new ImmichSearchResponse(new ImmichSearchAlbumsDto(0, [], [], 0), assets));
        }).RequirePermission(Permission.AssetRead);
        api.MapPost("/search/smart", (ImmichSmartSearchRequest request, HttpContext http, SmartSearchService search, AlbumService albums, OriginalLocator originals) =>
        {
            albums.RequireVisible(http.GetCaller(), request.AlbumIds ?? []);
            var (items, next) = search.Search(http.GetCaller(), request.Query, request.QueryAssetId, request.Filters().ToQuery(), request.Page, request.Size);
            var coldOffline = originals.ColdOffline;
            var assets = new ImmichSearchAssetsDto(items.Count, [], items.ConvertAll(a => ImmichMapper.Asset(a, coldOffline)), null,
                next?.ToString(CultureInfo.InvariantCulture), items.Count);
            return TypedResults.Ok(new ImmichSearchResponse(new ImmichSearchAlbumsDto(0, [], [], 0), assets));
        }).RequirePermission(Permission.AssetRead);
        api.MapGet("/search/explore", (HttpContext http, AssetService service, OriginalLocator originals) =>
        {
            var coldOffline = originals.ColdOffline;
            var items = service.Cities(http.GetCaller(), ExplorePlaces).ConvertAll(c => new ImmichExploreItemDto(ImmichMapper.Asset(c.Asset, coldOffline), c.City));
            return TypedResults.Ok(new List<ImmichExploreDto> { new("exifInfo.city", items) });
        }).RequirePermission(Permission.AssetRead);
        api.MapGet("/search/cities", (HttpContext http, AssetService service, OriginalLocator originals) =>
        {
            var coldOffline = originals.ColdOffline;
            return TypedResults.Ok(service.Cities(http.GetCaller(), 10_000).ConvertAll(c => ImmichMapper.Asset(c.Asset, coldOffline)));
        }).RequirePermission(Permission.AssetRead);
        api.MapGet("/search/suggestions", (string? type, string? country, string? state, string? make, string? model, string? lensModel, bool? includeNull,
            HttpContext http, AssetService service) =>
            TypedResults.Ok(service.Suggestions(http.GetCaller(), type, new SuggestionFilter(country, state, make, model, lensModel), includeNull == true)))
            .RequirePermission(Permission.AssetRead);
        return api;
    }

    /// <summary>How many places the explore page shows (Immich shows a dozen).</summary>
    private const int ExplorePlaces = 12;

    /// <summary>The shared filters plus what only the metadata search has: id, checksum, file name, order.</summary>
    private static AssetQuery Query(MetadataSearchRequest r) => r.Filters().ToQuery() with
    {
        Id = r.Id, Checksum = r.Checksum is { } checksum ? ImmichAssetEndpoints.ParseChecksum(checksum) : null,
        OriginalFileName = r.OriginalFileName, Ascending = string.Equals(r.Order, "asc", StringComparison.OrdinalIgnoreCase),
    };
}
