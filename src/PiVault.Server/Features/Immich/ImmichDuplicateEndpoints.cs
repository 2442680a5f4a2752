using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Duplicates;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Immich;

/// <summary>Immich's duplicates API (<c>/api/duplicates</c>) over <see cref="DuplicateService"/>: list, resolve, dismiss (Immich's DELETE).</summary>
public static class ImmichDuplicateEndpoints
{
    public static RouteGroupBuilder MapImmichDuplicates(this RouteGroupBuilder api)
    {
        var duplicates = api.MapGroup("/duplicates");
        duplicates.MapGet("/", List).RequirePermission(Permission.DuplicateRead);
        duplicates.MapPost("/resolve", (ImmichDuplicateResolveRequest request, HttpContext http, DuplicateService service) =>
            TypedResults.Ok((request.Groups ?? []).Select(g => Resolve(g, http.GetCaller(), service)).ToList())).RequirePermission(Permission.DuplicateDelete);
        duplicates.MapDelete("/{id}", (string id, HttpContext http, DuplicateService service) =>
        {
            service.Dismiss(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.DuplicateDelete);
        duplicates.MapDelete("/", (ImmichBulkIdsRequest request, HttpContext http, DuplicateService service) =>
        {
            foreach (var id in request.Ids ?? [])
            {
                service.Dismiss(http.GetCaller(), id);
            }
            return TypedResults.NoContent();
        }).RequirePermission(Permission.DuplicateDelete);
        return api;
    }

    private static List<ImmichDuplicateDto> List(HttpContext http, DuplicateService duplicates, AssetService assets, OriginalLocator originals)
    {
        var caller = http.GetCaller();
        var coldOffline = originals.ColdOffline;
        return duplicates.List(caller).ConvertAll(members => new ImmichDuplicateDto(
            members.ConvertAll(m => ImmichMapper.Asset(assets.GetChange(caller, m.AssetId), coldOffline) with { DuplicateId = m.GroupId }), members[0].GroupId,
            [DuplicateService.SuggestedKeep(members)]));
    }

    /// <summary>One group of a resolve: its own success or error, as Immich answers a batch.</summary>
    private static ImmichBulkIdResponseDto Resolve(ImmichDuplicateResolveGroup group, Caller caller, DuplicateService service)
    {
        try
        {
            service.Resolve(caller, group.DuplicateId ?? "", group.KeepAssetIds ?? [], group.TrashAssetIds ?? []);
            return new ImmichBulkIdResponseDto(group.DuplicateId ?? "", true, null);
        }
        catch (ApiException e)
        {
            return new ImmichBulkIdResponseDto(group.DuplicateId ?? "", false, e.Status == 404 ? "not_found" : "unknown");
        }
    }
}
