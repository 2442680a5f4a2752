using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Partners;
using PiVault.Server.Features.Users;

namespace PiVault.Server.Features.Immich;

/// <summary><c>PartnerResponseDto</c>: the other user of the share, with the sharee's "show in my timeline" choice.</summary>
public sealed record ImmichPartnerDto(
    string AvatarColor, string Email, string Id, bool InTimeline, string Name, DateTimeOffset ProfileChangedAt, string ProfileImagePath);

/// <summary><c>PartnerCreateDto</c> and <c>PartnerUpdateDto</c>.</summary>
public sealed record ImmichPartnerCreateRequest(string? SharedWithId);

public sealed record ImmichPartnerUpdateRequest(bool? InTimeline);

/// <summary>Immich's <c>/partners</c> over <see cref="PartnerService"/>, with the same rules as <c>/api/v1/partners</c>.</summary>
public static class ImmichPartnerEndpoints
{
    public static RouteGroupBuilder MapImmichPartners(this RouteGroupBuilder api)
    {
        var partners = api.MapGroup("/partners");
        partners.MapGet("/", (string? direction, HttpContext http, PartnerService service, ImmichPreferencesService preferences, ProfileImageService pictures) =>
        {
            var colors = preferences.AvatarColors();
            return TypedResults.Ok(service.List(http.GetCaller(), direction).ConvertAll(p => Dto(p, colors.GetValueOrDefault(p.User.Id), pictures)));
        }).RequirePermission(Permission.PartnerRead);
        partners.MapPost("/", (ImmichPartnerCreateRequest r, HttpContext http, PartnerService service, ImmichPreferencesService preferences,
            ProfileImageService pictures) => Created(service.Share(http.GetCaller(), r.SharedWithId), preferences, pictures)).RequirePermission(Permission.PartnerCreate);
        // The deprecated form names the user in the path.
        partners.MapPost("/{id}", (string id, HttpContext http, PartnerService service, ImmichPreferencesService preferences, ProfileImageService pictures) =>
            Created(service.Share(http.GetCaller(), id), preferences, pictures)).RequirePermission(Permission.PartnerCreate);
        partners.MapPut("/{id}", (string id, ImmichPartnerUpdateRequest r, HttpContext http, PartnerService service, ImmichPreferencesService preferences,
            ProfileImageService pictures) =>
        {
            var partner = service.SetInTimeline(http.GetCaller(), id, r.InTimeline);
            return TypedResults.Ok(Dto(partner, preferences.AvatarColor(partner.User.Id), pictures));
        }).RequirePermission(Permission.PartnerUpdate);
        partners.MapDelete("/{id}", (string id, HttpContext http, PartnerService service) =>
        {
            service.Stop(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.PartnerDelete);
        return api;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Created<ImmichPartnerDto> Created(PartnerView partner, ImmichPreferencesService preferences,
        ProfileImageService pictures) =>
        TypedResults.Created($"/api/partners/{partner.User.Id}", Dto(partner, preferences.AvatarColor(partner.User.Id), pictures));

    private static ImmichPartnerDto Dto(PartnerView p, string? avatarColor, ProfileImageService pictures)
    {
        var user = ImmichUserEndpoints.User(p.User, avatarColor, pictures);
        return new(user.AvatarColor, user.Email, user.Id, p.Partner.InTimeline, user.Name, user.ProfileChangedAt, user.ProfileImagePath);
    }
}
