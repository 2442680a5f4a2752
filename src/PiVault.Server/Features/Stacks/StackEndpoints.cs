using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Stacks;

public sealed record StackDto(string Id, string PrimaryAssetId, List<string> AssetIds)
{
    public static StackDto From(StackView v) => new(v.Stack.Id, v.Stack.PrimaryAssetId, v.AssetIds);
}

public sealed record CreateStackRequest(List<string>? AssetIds);

public sealed record UpdateStackRequest(string? PrimaryAssetId);

/// <summary>PiVault's stacks API (<c>/api/v1/stacks</c>) over <see cref="StackService"/>.</summary>
public static class StackEndpoints
{
    public static RouteGroupBuilder MapStacks(this RouteGroupBuilder api)
    {
        var stacks = api.MapGroup("/stacks");
        stacks.MapPost("/", (CreateStackRequest r, HttpContext http, StackService service) =>
        {
            var stack = StackDto.From(service.Create(http.GetCaller(), r.AssetIds ?? []));
            return TypedResults.Created($"/api/v1/stacks/{stack.Id}", stack);
        }).RequirePermission(Permission.StackCreate);
        stacks.MapGet("/{id}", (string id, HttpContext http, StackService service) => TypedResults.Ok(StackDto.From(service.Get(http.GetCaller(), id))))
            .RequirePermission(Permission.StackRead);
        stacks.MapPut("/{id}", (string id, UpdateStackRequest r, HttpContext http, StackService service) =>
            TypedResults.Ok(StackDto.From(service.SetPrimary(http.GetCaller(), id, r.PrimaryAssetId)))).RequirePermission(Permission.StackUpdate);
        stacks.MapDelete("/{id}", (string id, HttpContext http, StackService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.StackDelete);
        stacks.MapDelete("/{id}/assets/{assetId}", (string id, string assetId, HttpContext http, StackService service) =>
        {
            service.RemoveAsset(http.GetCaller(), id, assetId);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.StackUpdate);
        return api;
    }
}
