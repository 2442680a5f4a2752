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
            var (items, next) = search.Search(http.GetCaller(), request.Query, request.QueryAssetId, Query(request.AsMetadataFilters()), request.Page, request.Size);
            var coldOffline = originals.ColdOffline;
            var assets = new ImmichSearchAssetsDto(items.Count, [], items.ConvertAll(a => ImmichMapper.Asset(a, coldOffline)), null,
                next?.ToString(CultureInfo.InvariantCulture), items.Count);
            return TypedResults.Ok(new ImmichSearchResponse(new ImmichSearchAlbumsDto(0, [], [], 0), assets));
        }).RequirePermission(Permission.AssetRead);
        return api;
    }

    private static AssetQuery Query(MetadataSearchRequest r)
    {
        return new AssetQuery
        {
            TakenAfter = r.TakenAfter, TakenBefore = r.TakenBefore, CreatedAfter = r.CreatedAfter, CreatedBefore = r.CreatedBefore,
            UpdatedAfter = r.UpdatedAfter, UpdatedBefore = r.UpdatedBefore, TrashedAfter = r.TrashedAfter, TrashedBefore = r.TrashedBefore,
            Type = r.Type switch
            {
                null => null,
                "IMAGE" => AssetType.Image,
                "VIDEO" => AssetType.Video,
                "OTHER" or "AUDIO" => AssetType.Other,
                _ => throw ApiException.BadRequest("type must be IMAGE, VIDEO, AUDIO or OTHER."),
            },
            IsFavorite = r.IsFavorite, WithDeleted = r.WithDeleted == true, Id = r.Id,
            Checksum = r.Checksum is { } checksum ? ImmichAssetEndpoints.ParseChecksum(checksum) : null,
            OriginalFileName = r.OriginalFileName, DeviceId = r.DeviceId, City = r.City, Country = r.Country, Make = r.Make, Model = r.Model,
            LensModel = r.LensModel, Ocr = r.Ocr, AlbumIds = r.AlbumIds, PersonIds = r.PersonIds, Ascending = string.Equals(r.Order, "asc", StringComparison.OrdinalIgnoreCase),
        };
    }
}
