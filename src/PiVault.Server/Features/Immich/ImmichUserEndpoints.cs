using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Users;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// The household (<c>GET /users</c>), the caller's own name, email and avatar colour (<c>PUT /users/me</c>) and profile
/// pictures, over <see cref="UserService"/> and <see cref="ProfileImageService"/>.
/// </summary>
public static class ImmichUserEndpoints
{
    public static RouteGroupBuilder MapImmichUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users");
        users.MapGet("/", (UserService service, ImmichPreferencesService preferences, ProfileImageService pictures) =>
        {
            var colors = preferences.AvatarColors();
            return TypedResults.Ok(service.Records().Where(u => u.DisabledAt is null)
                .Select(u => User(u, colors.GetValueOrDefault(u.Id), pictures)).ToList());
        }).RequirePermission(Permission.UserRead);
        users.MapPut("/me", (ImmichUpdateMeRequest request, HttpContext http, UserService service, AssetService assets, ImmichPreferencesService preferences,
            ProfileImageService pictures) =>
        {
            if (request.Password is not null)
            {
                throw Http.ApiException.BadRequest("Change the password with POST /api/auth/change-password, which asks for the current one.");
            }
            var caller = http.GetCaller();
            if (request.AvatarColor is { } color)
            {
                preferences.Update(caller.UserId, new ImmichPreferencesUpdate(null, new ImmichAvatarUpdate(color), null, null, null, null, null, null, null, null, null, null, null));
            }
            var user = service.UpdateMe(caller, request.Name, request.Email);
            return TypedResults.Ok(ImmichMapper.UserAdmin(user, assets.Usage(user.Id).Bytes, preferences.AvatarColor(user.Id)) with
            {
                ProfileImagePath = ImagePath(user.Id, pictures), ProfileChangedAt = pictures.ChangedAt(user.Id) ?? user.CreatedAt,
            });
        }).RequirePermission(Permission.UserUpdate);
        users.MapPost("/profile-image", async (HttpContext http, ProfileImageService pictures) =>
        {
            var caller = http.GetCaller();
            var changedAt = await pictures.SaveAsync(caller, http);
            return TypedResults.Created($"/api/users/{caller.UserId}/profile-image",
                new ImmichProfileImageResponseDto(changedAt, ImagePath(caller.UserId, pictures), caller.UserId));
        }).RequirePermission(Permission.UserUpdate).DisableAntiforgery();
        users.MapDelete("/profile-image", (HttpContext http, ProfileImageService pictures) =>
        {
            pictures.Delete(http.GetCaller());
            return TypedResults.NoContent();
        }).RequirePermission(Permission.UserUpdate);
        users.MapGet("/{id}/profile-image", (string id, HttpContext http, ProfileImageService pictures) =>
        {
            var (path, type) = pictures.Find(id);
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, max-age=60";
            return TypedResults.PhysicalFile(path, type);
        }).RequirePermission(Permission.UserRead);
        return api;
    }

    public static ImmichUserDto User(UserRecord u, string? avatarColor, ProfileImageService pictures) => new(
        avatarColor ?? ImmichMapper.AvatarColor(u.Id), u.Email, u.Id, u.Name, pictures.ChangedAt(u.Id) ?? u.CreatedAt, ImagePath(u.Id, pictures));

    private static string ImagePath(string userId, ProfileImageService pictures) => pictures.Has(userId) ? $"/api/users/{userId}/profile-image" : "";
}

/// <summary><c>UserUpdateMeDto</c>: the deprecated <c>password</c> is refused with a pointer to the change-password endpoint.</summary>
public sealed record ImmichUpdateMeRequest(string? AvatarColor, string? Email, string? Name, string? Password);

public sealed record ImmichProfileImageResponseDto(DateTimeOffset ProfileChangedAt, string ProfileImagePath, string UserId);
