using PiVault.Server.Features.Auth;
using PiVault.Server.Features.People;

namespace PiVault.Server.Features.Tags;

/// <summary>
/// A tag; <see cref="AssetCount"/> (in the list only, else null): the caller's timeline photos that carry it or a tag
/// under it, which is what the timeline filtered by the tag shows.
/// </summary>
public sealed record TagDto(string Id, string Value, string Name, string? ParentId, string? Color, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    int? AssetCount = null)
{
    public static TagDto From(TagRecord t) => new(t.Id, t.Value, t.Name, t.ParentId, t.Color, t.CreatedAt, t.UpdatedAt);
}

public sealed record CreateTagRequest(string? Name, string? ParentId, string? Color);

/// <summary>A new <see cref="Name"/> (the last part of the value) and/or <see cref="Color"/> ("" clears it).</summary>
public sealed record UpdateTagRequest(string? Name, string? Color);

public sealed record UpsertTagsRequest(List<string>? Tags);

public sealed record TagAssetsRequest(List<string>? AssetIds);

public sealed record TagManyRequest(List<string>? TagIds, List<string>? AssetIds);

public sealed record TagManyResult(int Count);

/// <summary>PiVault's tags API (<c>/api/v1/tags</c>) over <see cref="TagService"/>.</summary>
public static class TagEndpoints
{
    public static RouteGroupBuilder MapTags(this RouteGroupBuilder api)
    {
        var tags = api.MapGroup("/tags");
        tags.MapGet("/", (HttpContext http, TagService service) =>
            {
                var caller = http.GetCaller();
                var counts = service.Counts(caller);
                return TypedResults.Ok(service.List(caller).ConvertAll(t => TagDto.From(t) with { AssetCount = counts.GetValueOrDefault(t.Id) }));
            })
            .RequirePermission(Permission.TagRead);
        tags.MapPost("/", (CreateTagRequest r, HttpContext http, TagService service) =>
        {
            var tag = TagDto.From(service.Create(http.GetCaller(), r.Name, r.ParentId, r.Color));
            return TypedResults.Created($"/api/v1/tags/{tag.Id}", tag);
        }).RequirePermission(Permission.TagCreate);
        tags.MapPut("/", (UpsertTagsRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(service.Upsert(http.GetCaller(), r.Tags ?? []).ConvertAll(TagDto.From))).RequirePermission(Permission.TagCreate);
        tags.MapPut("/assets", (TagManyRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(new TagManyResult(service.TagMany(http.GetCaller(), r.TagIds ?? [], r.AssetIds ?? [])))).RequirePermission(Permission.TagAsset);
        tags.MapGet("/{id}", (string id, HttpContext http, TagService service) => TypedResults.Ok(TagDto.From(service.Get(http.GetCaller(), id))))
            .RequirePermission(Permission.TagRead);
        tags.MapPut("/{id}", (string id, UpdateTagRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(TagDto.From(service.Update(http.GetCaller(), id, r.Name, r.Color)))).RequirePermission(Permission.TagUpdate);
        tags.MapDelete("/{id}", (string id, HttpContext http, TagService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.TagDelete);
        tags.MapPut("/{id}/assets", (string id, TagAssetsRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(service.TagAssets(http.GetCaller(), id, r.AssetIds ?? []).ConvertAll(Outcome))).RequirePermission(Permission.TagAsset);
        tags.MapDelete("/{id}/assets", (string id, TagAssetsRequest r, HttpContext http, TagService service) =>
            TypedResults.Ok(service.UntagAssets(http.GetCaller(), id, r.AssetIds ?? []).ConvertAll(Outcome))).RequirePermission(Permission.TagAsset);
        return api;
    }

    private static BulkOutcomeDto Outcome(BulkOutcome o) => new(o.Id, o.Success, o.Error);
}
