using PiVault.Server.Features.Auth;
using PiVault.Server.Features.People;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>Immich's people and faces API (<c>/api/people</c>, <c>/api/faces</c>, <c>/api/search/person</c>) over <see cref="PeopleService"/>.</summary>
public static class ImmichPeopleEndpoints
{
    public static RouteGroupBuilder MapImmichPeople(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people");
        people.MapGet("/", (bool? withHidden, int? page, int? size, HttpContext http, PeopleService service) =>
        {
            var (found, total, hidden, more) = service.List(http.GetCaller(), withHidden == true, page, size);
            return TypedResults.Ok(new ImmichPeopleDto(more, hidden, found.ConvertAll(p => ImmichPersonDto.From(p.Person)), total));
        }).RequirePermission(Permission.PersonRead);
        people.MapPost("/", (ImmichPersonRequest request, HttpContext http, PeopleService service) =>
            TypedResults.Created((string?)null, ImmichPersonDto.From(service.Create(http.GetCaller(), request.ToEdit()).Person)))
            .RequirePermission(Permission.PersonCreate);
        people.MapPut("/", (ImmichPeopleUpdateRequest request, HttpContext http, PeopleService service) =>
            TypedResults.Ok(service.UpdateMany(http.GetCaller(), (request.People ?? []).Select(p => (p.Id ?? "", p.ToEdit())).ToList())
                .ConvertAll(o => new ImmichBulkIdResponseDto(o.Id, o.Success, o.Error)))).RequirePermission(Permission.PersonUpdate);
        people.MapGet("/{id}", (string id, HttpContext http, PeopleService service) =>
            TypedResults.Ok(ImmichPersonDto.From(service.Get(http.GetCaller(), id).Person))).RequirePermission(Permission.PersonRead);
        people.MapPut("/{id}", (string id, ImmichPersonRequest request, HttpContext http, PeopleService service) =>
            TypedResults.Ok(ImmichPersonDto.From(service.Update(http.GetCaller(), id, request.ToEdit()).Person))).RequirePermission(Permission.PersonUpdate);
        people.MapPost("/{id}/merge", (string id, ImmichMergePersonRequest request, HttpContext http, PeopleService service) =>
            TypedResults.Ok(service.Merge(http.GetCaller(), id, request.Ids ?? []).ConvertAll(o => new ImmichBulkIdResponseDto(o.Id, o.Success, o.Error))))
            .RequirePermission(Permission.PersonMerge);
        people.MapGet("/{id}/thumbnail", (string id, HttpContext http, PersonThumbnail thumbnail) =>
            TypedResults.File(thumbnail.Render(http.GetCaller(), id), "image/jpeg")).RequirePermission(Permission.PersonRead);
        people.MapGet("/{id}/statistics", (string id, HttpContext http, PeopleService service) =>
            TypedResults.Ok(new ImmichPersonStatisticsDto(service.PhotoCount(http.GetCaller(), id)))).RequirePermission(Permission.PersonStatistics);

        api.MapGet("/search/person", (string? name, bool? withHidden, HttpContext http, PeopleService service) =>
            TypedResults.Ok(service.SearchByName(http.GetCaller(), name ?? "", withHidden == true).ConvertAll(p => ImmichPersonDto.From(p.Person))))
            .RequirePermission(Permission.PersonRead);

        var faces = api.MapGroup("/faces");
        faces.MapGet("/", (string? id, HttpContext http, PeopleService service) =>
            TypedResults.Ok(service.FacesOf(http.GetCaller(), id ?? throw ApiException.BadRequest("Give the asset id: ?id=")).ConvertAll(ImmichAssetFaceDto.From)))
            .RequirePermission(Permission.FaceRead);
        faces.MapPut("/{id}", (string id, ImmichFaceRequest request, HttpContext http, PeopleService service) =>
            TypedResults.Ok(ImmichPersonDto.From(service.Reassign(http.GetCaller(), id,
                request.Id ?? throw ApiException.BadRequest("Give the id of the person the face belongs to.")).Person))).RequirePermission(Permission.FaceUpdate);
        faces.MapDelete("/{id}", (string id, HttpContext http, PeopleService service) =>
        {
            service.DeleteFace(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.FaceDelete);
        return api;
    }
}
