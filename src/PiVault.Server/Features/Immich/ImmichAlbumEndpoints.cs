using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's album endpoints over <see cref="AlbumService"/> (the CLI's <c>upload --album</c> / <c>--album-name</c>
/// lists, creates and fills albums). Access rules, names and who may add what are PiVault's own.
/// </summary>
public static class ImmichAlbumEndpoints
{
    public static RouteGroupBuilder MapImmichAlbums(this RouteGroupBuilder api)
    {
        var albums = api.MapGroup("/albums");
        // shared=true: albums with members (owned or shared with the caller); shared=false: the caller's unshared albums.
        albums.MapGet("/", (bool? shared, HttpContext http, AlbumService service, UserService users, ImmichPreferencesService preferences) =>
        {
            var list = service.List(http.GetCaller()).Where(a => shared is not { } s || s == IsShared(a));
            var known = Users(users, preferences);
            return TypedResults.Ok(list.Select(a => Album(a, known)).ToList());
        }).RequirePermission(Permission.AlbumRead);
        albums.MapPost("/", (ImmichCreateAlbumRequest request, HttpContext http, AlbumService service, UserService users, ImmichPreferencesService preferences) =>
        {
            var album = service.Create(http.GetCaller(), new CreateAlbumRequest(request.AlbumName, request.Description, request.AssetIds));
            return TypedResults.Created($"/api/albums/{album.Id}", Album(album, Users(users, preferences)));
        }).RequirePermission(Permission.AlbumCreate);
        albums.MapGet("/{id}", (string id, HttpContext http, AlbumService service, UserService users, ImmichPreferencesService preferences) =>
            TypedResults.Ok(Album(service.Get(http.GetCaller(), id), Users(users, preferences)))).RequirePermission(Permission.AlbumRead);
        albums.MapPut("/{id}/assets", (string id, ImmichBulkIdsRequest request, HttpContext http, AlbumService service) =>
            TypedResults.Ok(Results(service.AddAssetsEach(http.GetCaller(), id, request.Ids ?? []))))
            .RequirePermission(Permission.AlbumAssetCreate);
        albums.MapDelete("/{id}/assets", (string id, ImmichBulkIdsRequest request, HttpContext http, AlbumService service) =>
            TypedResults.Ok(Results(service.RemoveAssetsEach(http.GetCaller(), id, request.Ids ?? []))))
            .RequirePermission(Permission.AlbumAssetDelete);
        albums.MapPatch("/{id}", (string id, ImmichUpdateAlbumRequest request, HttpContext http, AlbumService service, UserService users,
            ImmichPreferencesService preferences) =>
        {
            var album = service.Update(http.GetCaller(), id, new UpdateAlbumRequest(request.AlbumName, request.Description, request.AlbumThumbnailAssetId));
            return TypedResults.Ok(Album(album, Users(users, preferences)));
        }).RequirePermission(Permission.AlbumUpdate);
        albums.MapDelete("/{id}", (string id, HttpContext http, AlbumService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.AlbumDelete);
        // Immich gives each user a role; PiVault's share takes one role for a list, so the users go in by role.
        albums.MapPut("/{id}/users", (string id, ImmichAddUsersRequest request, HttpContext http, AlbumService service, UserService users,
            ImmichPreferencesService preferences) =>
        {
            var added = request.AlbumUsers ?? [];
            if (added.Count == 0 || added.Any(u => string.IsNullOrEmpty(u.UserId)))
            {
                throw ApiException.BadRequest("albumUsers must list at least one user, each with a userId.");
            }
            var album = service.Get(http.GetCaller(), id);
            foreach (var group in added.GroupBy(u => u.Role ?? AlbumService.Editor))
            {
                album = service.Share(http.GetCaller(), id, new ShareAlbumRequest([.. group.Select(u => u.UserId!)], group.Key));
            }
            return TypedResults.Ok(Album(album, Users(users, preferences)));
        }).RequirePermission(Permission.AlbumShare);
        // "me": the caller leaves an album shared with them.
        albums.MapDelete("/{id}/user/{userId}", (string id, string userId, HttpContext http, AlbumService service) =>
        {
            service.Unshare(http.GetCaller(), id, userId == "me" ? http.GetCaller().UserId : userId);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.AlbumShare);
        return api;
    }

    public static ImmichAlbumDto Album(AlbumDto a, HouseholdUsers users)
    {
        var owner = new ImmichAlbumUserDto(AlbumService.Owner, User(users, a.OwnerId, a.OwnerName, ""));
        var members = a.Members.Select(m => new ImmichAlbumUserDto(m.Role, User(users, m.UserId, m.Name, m.Email)));
        return new(
            a.Name, a.CoverAssetId, [owner, .. members], a.AssetCount, a.CreatedAt, a.Description, a.EndAt, false, a.Id, false, "desc",
            IsShared(a), a.StartAt, a.UpdatedAt);
    }

    private static bool IsShared(AlbumDto a) => a.Members.Count > 0;

    private static HouseholdUsers Users(UserService users, ImmichPreferencesService preferences) =>
        new(users.List().ToDictionary(u => u.Id, StringComparer.Ordinal), preferences.AvatarColors());

    private static ImmichUserDto User(HouseholdUsers users, string id, string name, string email)
    {
        var user = users.ById.GetValueOrDefault(id);
        return new(users.AvatarColors.GetValueOrDefault(id) ?? ImmichMapper.AvatarColor(id), user?.Email ?? email, id, user?.Name ?? name,
            user?.CreatedAt ?? DateTimeOffset.UnixEpoch, "");
    }

    /// <summary>Everyone an album can name, with the avatar colours they chose.</summary>
    public sealed record HouseholdUsers(IReadOnlyDictionary<string, UserDto> ById, IReadOnlyDictionary<string, string> AvatarColors);

    private static List<ImmichBulkIdResponseDto> Results(List<AlbumAssetResult> results) => results.ConvertAll(r => new ImmichBulkIdResponseDto(
        r.AssetId, r.Outcome == AlbumAssetOutcome.Changed,
        r.Outcome switch
        {
            AlbumAssetOutcome.Changed => null,
            AlbumAssetOutcome.Duplicate => "duplicate",
            AlbumAssetOutcome.NotFound => "not_found",
            _ => "no_permission",
        }));
}
