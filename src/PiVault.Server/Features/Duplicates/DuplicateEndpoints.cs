using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Duplicates;

/// <summary><c>/api/v1/duplicates</c>: the review page's groups, resolve (keep the chosen, trash the others) and dismiss.</summary>
public static class DuplicateEndpoints
{
    public static RouteGroupBuilder MapDuplicates(this RouteGroupBuilder api)
    {
        var duplicates = api.MapGroup("/duplicates");
        duplicates.MapGet("/", (HttpContext http, DuplicateService service) =>
            TypedResults.Ok(service.List(http.GetCaller()).ConvertAll(Group))).RequirePermission(Permission.DuplicateRead);
        duplicates.MapPost("/{id}/resolve", (string id, ResolveDuplicatesRequest request, HttpContext http, DuplicateService service) =>
            TypedResults.Ok(new ResolveDuplicatesResultDto(service.Resolve(http.GetCaller(), id, request.KeepAssetIds ?? []))))
            .RequirePermission(Permission.DuplicateDelete);
        duplicates.MapPost("/{id}/dismiss", (string id, HttpContext http, DuplicateService service) =>
        {
            service.Dismiss(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.DuplicateDelete);
        return api;
    }

    private static DuplicateGroupDto Group(List<DuplicateMember> members) => new(
        members[0].GroupId, members[0].GroupCreatedAt,
        members.ConvertAll(m => new DuplicateAssetDto(m.AssetId, m.FileName, m.MimeType, m.FileSize, m.Width, m.Height, m.TakenAt)),
        DuplicateService.SuggestedKeep(members));
}
