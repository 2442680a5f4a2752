using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Partners;

/// <summary>The other user of a share and the share: <c>inTimeline</c> is the sharee's choice, <c>shareFrom</c> the sharer's start date.</summary>
public sealed record PartnerDto(string Id, string Name, string Email, bool InTimeline, DateTimeOffset? ShareFrom, DateTimeOffset Since)
{
    public static PartnerDto From(PartnerView v) => new(v.User.Id, v.User.Name, v.User.Email, v.Partner.InTimeline, v.Partner.ShareFrom, v.Partner.CreatedAt);
}

public sealed record CreatePartnerRequest(string? SharedWithId, DateTimeOffset? ShareFrom);

public sealed record UpdatePartnerRequest(bool? InTimeline);

/// <summary>PiVault's partner sharing API (<c>/api/v1/partners</c>) over <see cref="PartnerService"/>.</summary>
public static class PartnerEndpoints
{
    public static RouteGroupBuilder MapPartners(this RouteGroupBuilder api)
    {
        var partners = api.MapGroup("/partners");
        partners.MapGet("/", (string? direction, HttpContext http, PartnerService service) =>
            TypedResults.Ok(service.List(http.GetCaller(), direction).ConvertAll(PartnerDto.From))).RequirePermission(Permission.PartnerRead);
        partners.MapPost("/", (CreatePartnerRequest r, HttpContext http, PartnerService service) =>
        {
            var partner = PartnerDto.From(service.Share(http.GetCaller(), r.SharedWithId, r.ShareFrom));
            return TypedResults.Created($"/api/v1/partners/{partner.Id}", partner);
        }).RequirePermission(Permission.PartnerCreate);
        partners.MapPut("/{id}", (string id, UpdatePartnerRequest r, HttpContext http, PartnerService service) =>
            TypedResults.Ok(PartnerDto.From(service.SetInTimeline(http.GetCaller(), id, r.InTimeline)))).RequirePermission(Permission.PartnerUpdate);
        partners.MapDelete("/{id}", (string id, HttpContext http, PartnerService service) =>
        {
            service.Stop(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.PartnerDelete);
        return api;
    }
}
