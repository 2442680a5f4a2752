using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.People;

/// <summary>PiVault's people API (<c>/api/v1/people</c>, <c>/api/v1/faces</c>, <c>/api/v1/assets/{id}/faces</c>) over <see cref="PeopleService"/>.</summary>
public static class PeopleEndpoints
{
    public static RouteGroupBuilder MapPeople(this RouteGroupBuilder api)
    {
        var people = api.MapGroup("/people");
        people.MapGet("/", (bool? withHidden, int? page, int? size, HttpContext http, PeopleService service) =>
        {
            var (found, total, hidden, more) = service.List(http.GetCaller(), withHidden == true, page, size);
            return TypedResults.Ok(new PeoplePageDto(found.ConvertAll(PersonDto.From), total, hidden, more));
        }).RequirePermission(Permission.PersonRead);
        people.MapPost("/", (PersonRequest request, HttpContext http, PeopleService service) =>
        {
            var person = PersonDto.From(service.Create(http.GetCaller(), request.ToEdit()));
            return TypedResults.Created($"/api/v1/people/{person.Id}", person);
        }).RequirePermission(Permission.PersonCreate);
        people.MapGet("/{id}", (string id, HttpContext http, PeopleService service) => TypedResults.Ok(PersonDto.From(service.Get(http.GetCaller(), id))))
            .RequirePermission(Permission.PersonRead);
        people.MapPut("/{id}", (string id, PersonRequest request, HttpContext http, PeopleService service) =>
            TypedResults.Ok(PersonDto.From(service.Update(http.GetCaller(), id, request.ToEdit())))).RequirePermission(Permission.PersonUpdate);
        people.MapPost("/{id}/merge", (string id, MergePeopleRequest request, HttpContext http, PeopleService service) =>
            TypedResults.Ok(service.Merge(http.GetCaller(), id, request.Ids ?? []).ConvertAll(o => new BulkOutcomeDto(o.Id, o.Success, o.Error))))
            .RequirePermission(Permission.PersonMerge);
        people.MapGet("/{id}/merge-suggestions", (string id, HttpContext http, PeopleService service) =>
            TypedResults.Ok(service.MergeSuggestions(http.GetCaller(), id).ConvertAll(MergeSuggestionDto.From))).RequirePermission(Permission.PersonRead);
        people.MapGet("/{id}/thumbnail", (string id, HttpContext http, PersonThumbnail thumbnail) =>
            TypedResults.File(thumbnail.Render(http.GetCaller(), id), "image/jpeg")).RequirePermission(Permission.PersonRead);
        people.MapPost("/recluster", (HttpContext http, PeopleService service, CancellationToken cancel) =>
            TypedResults.Ok(new ReclusterResultDto(service.Recluster(http.GetCaller(), cancel)))).RequirePermission(Permission.PersonUpdate);

        api.MapGet("/assets/{id}/faces", (string id, HttpContext http, PeopleService service) =>
            TypedResults.Ok(service.FacesOf(http.GetCaller(), id).ConvertAll(FaceDto.From))).RequirePermission(Permission.FaceRead);
        api.MapPost("/assets/{id}/faces", (string id, TagFaceRequest r, HttpContext http, PeopleService service) =>
        {
            var face = FaceDto.From(service.Tag(http.GetCaller(), id, new FaceBox(r.X, r.Y, r.Width, r.Height, r.ImageWidth, r.ImageHeight),
                r.PersonId ?? throw ApiException.BadRequest("Give the personId the face belongs to.")));
            return TypedResults.Created($"/api/v1/faces/{face.Id}", face);
        }).RequirePermission(Permission.FaceCreate);

        var faces = api.MapGroup("/faces");
        faces.MapPut("/{id}", (string id, ReassignFaceRequest request, HttpContext http, PeopleService service) =>
            TypedResults.Ok(PersonDto.From(service.Reassign(http.GetCaller(), id, request.PersonId)))).RequirePermission(Permission.FaceUpdate);
        faces.MapDelete("/{id}/person", (string id, HttpContext http, PeopleService service) =>
        {
            service.Unassign(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.FaceUpdate);
        faces.MapDelete("/{id}", (string id, HttpContext http, PeopleService service) =>
        {
            service.DeleteFace(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.FaceDelete);
        return api;
    }
}
