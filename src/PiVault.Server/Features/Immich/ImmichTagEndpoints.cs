using System.Text.Json.Serialization;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Tags;

namespace PiVault.Server.Features.Immich;

/// <summary>Immich's <c>TagResponseDto</c>: no <c>color</c> or <c>parentId</c> when there is none.</summary>
public sealed record ImmichTagDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Color,
    DateTimeOffset CreatedAt, string Id, string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ParentId,
    DateTimeOffset UpdatedAt, string Value)
{
    public static ImmichTagDto From(TagRecord t) => new(t.Color, t.CreatedAt, t.Id, t.Name, t.ParentId, t.UpdatedAt, t.Value);
}

public sealed record ImmichTagCreateRequest(string? Name, string? ParentId, string? Color);

public sealed record ImmichTagUpdateRequest(string? Name, string? Color);

public sealed record ImmichTagUpsertRequest(List<string>? Tags);

public sealed record ImmichTagBulkAssetsRequest(List<string>? AssetIds, List<string>? TagIds);

public sealed record ImmichTagBulkAssetsResponseDto(int Count);

/// <summary>Immich's tags API (<c>/api/tags</c>) over <see cref="TagService"/>.</summary>
public static class ImmichTagEndpoints
{
    public static RouteGroupBuilder MapImmichTags(this RouteGroupBuilder api)
    {
        var tags = api.MapGroup("/tags");
        tags.MapGet("/", (HttpContext http, TagService service) => TypedResults.Ok(service.List(http.GetCaller()).ConvertAll(ImmichTagDto.From)))
            .RequirePermission(Permission.TagRead);
        tags.MapPost("/", (ImmichTagCreateRequest r, HttpContext http, TagService service) =>
            TypedResults.Created((string?)null, ImmichTagDto.From(service.Create(http.GetCaller(), r.Name, r.ParentId, r.Color))))
            .RequirePermission(Permission.TagCreate);
        tags.MapPut("/", (ImmichTagUpsertRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(service.Upsert(http.GetCaller(), r.Tags ?? []).ConvertAll(ImmichTagDto.From))).RequirePermission(Permission.TagCreate);
        tags.MapPut("/assets", (ImmichTagBulkAssetsRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(new ImmichTagBulkAssetsResponseDto(service.TagMany(http.GetCaller(), r.TagIds ?? [], r.AssetIds ?? []))))
            .RequirePermission(Permission.TagAsset);
        tags.MapGet("/{id}", (string id, HttpContext http, TagService service) => TypedResults.Ok(ImmichTagDto.From(service.Get(http.GetCaller(), id))))
            .RequirePermission(Permission.TagRead);
        tags.MapPut("/{id}", (string id, ImmichTagUpdateRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(ImmichTagDto.From(service.Update(http.GetCaller(), id, r.Name, r.Color)))).RequirePermission(Permission.TagUpdate);
        tags.MapDelete("/{id}", (string id, HttpContext http, TagService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.TagDelete);
        tags.MapPut("/{id}/assets", (string id, ImmichBulkIdsRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(service.TagAssets(http.GetCaller(), id, r.Ids ?? []).ConvertAll(o => new ImmichBulkIdResponseDto(o.Id, o.Success, o.Error))))
            .RequirePermission(Permission.TagAsset);
        tags.MapDelete("/{id}/assets", (string id, ImmichBulkIdsRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(service.UntagAssets(http.GetCaller(), id, r.Ids ?? []).ConvertAll(o => new ImmichBulkIdResponseDto(o.Id, o.Success, o.Error))))
            .RequirePermission(Permission.TagAsset);
        return api;
    }
}
