using Microsoft.AspNetCore.Mvc;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Memories;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Immich;

/// <summary>Immich's memories API (<c>/api/memories</c>) over <see cref="MemoryService"/>.</summary>
public static class ImmichMemoryEndpoints
{
    public static RouteGroupBuilder MapImmichMemories(this RouteGroupBuilder api)
    {
        var memories = api.MapGroup("/memories");
        memories.MapGet("/", (HttpContext http, MemoryService service, AssetService assets, OriginalLocator originals, [FromQuery(Name = "for")] DateTimeOffset? when,
            bool? isSaved, bool? isTrashed, string? order, int? size) =>
            TypedResults.Ok(isTrashed == true ? [] : service.Search(http.GetCaller(), Query(when, isSaved, order, size))
                .ConvertAll(m => Memory(m, http.GetCaller(), assets, originals.ColdOffline))))
            .RequirePermission(Permission.MemoryRead);
        memories.MapGet("/statistics", (HttpContext http, MemoryService service, [FromQuery(Name = "for")] DateTimeOffset? when, bool? isSaved, bool? isTrashed) =>
            TypedResults.Ok(new ImmichMemoryStatisticsDto(isTrashed == true ? 0 : service.Search(http.GetCaller(), Query(when, isSaved, null, null)).Count)))
            .RequirePermission(Permission.MemoryStatistics);
        memories.MapPost("/", (ImmichMemoryCreateRequest r, HttpContext http, MemoryService service, AssetService assets, OriginalLocator originals) =>
        {
            if (r.Type is not (null or "on_this_day"))
            {
                throw ApiException.BadRequest("type must be on_this_day.");
            }
            var created = service.Create(http.GetCaller(), r.Data?.Year ?? throw ApiException.BadRequest("data.year is required."),
                r.MemoryAt ?? throw ApiException.BadRequest("memoryAt is required."), r.AssetIds ?? [], new MemoryEdit(r.IsSaved, null, r.SeenAt), r.ShowAt, r.HideAt);
            return TypedResults.Created((string?)null, Memory(created, http.GetCaller(), assets, originals.ColdOffline));
        }).RequirePermission(Permission.MemoryCreate);
        memories.MapGet("/{id}", (string id, HttpContext http, MemoryService service, AssetService assets, OriginalLocator originals) =>
            TypedResults.Ok(Memory(service.Get(http.GetCaller(), id), http.GetCaller(), assets, originals.ColdOffline))).RequirePermission(Permission.MemoryRead);
        memories.MapPut("/{id}", (string id, ImmichMemoryUpdateRequest r, HttpContext http, MemoryService service, AssetService assets, OriginalLocator originals) =>
            TypedResults.Ok(Memory(service.Update(http.GetCaller(), id, new MemoryEdit(r.IsSaved, r.MemoryAt, r.SeenAt)), http.GetCaller(), assets,
                originals.ColdOffline))).RequirePermission(Permission.MemoryUpdate);
        memories.MapDelete("/{id}", (string id, HttpContext http, MemoryService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.MemoryDelete);
        memories.MapPut("/{id}/assets", (string id, ImmichBulkIdsRequest r, HttpContext http, MemoryService service) =>
            TypedResults.Ok(service.AddAssets(http.GetCaller(), id, r.Ids ?? []).ConvertAll(o => new ImmichBulkIdResponseDto(o.Id, o.Success, o.Error))))
            .RequirePermission(Permission.MemoryAssetCreate);
        memories.MapDelete("/{id}/assets", (string id, ImmichBulkIdsRequest r, HttpContext http, MemoryService service) =>
            TypedResults.Ok(service.RemoveAssets(http.GetCaller(), id, r.Ids ?? []).ConvertAll(o => new ImmichBulkIdResponseDto(o.Id, o.Success, o.Error))))
            .RequirePermission(Permission.MemoryAssetDelete);
        return api;
    }

    private static MemoryQuery Query(DateTimeOffset? when, bool? isSaved, string? order, int? size) =>
        new(when, isSaved, order is null or "asc" or "desc" or "random" ? order ?? "desc" : throw ApiException.BadRequest("order is asc, desc or random."),
            size is null or > 0 ? size : throw ApiException.BadRequest("size must be at least 1."));

    private static ImmichMemoryDto Memory(MemoryView view, Caller caller, AssetService assets, bool coldOffline)
    {
        var m = view.Memory;
        return new(view.AssetIds.ConvertAll(a => ImmichMapper.Asset(assets.GetChange(caller, a), coldOffline)), m.CreatedAt, new ImmichOnThisDayDto(m.Year),
            m.HideAt, m.Id, m.IsSaved, m.MemoryAt, m.OwnerId, m.SeenAt, m.ShowAt, m.Type, m.UpdatedAt);
    }

    public static SyncMemoryV1 SyncMemory(MemoryRecord m) =>
        new(m.CreatedAt, new ImmichOnThisDayDto(m.Year), null, m.HideAt, m.Id, m.IsSaved, m.MemoryAt, m.OwnerId, m.SeenAt, m.ShowAt, m.Type, m.UpdatedAt);
}
