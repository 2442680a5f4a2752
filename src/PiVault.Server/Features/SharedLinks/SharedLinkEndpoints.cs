using PiVault.Server.Features.Export;
using Microsoft.AspNetCore.Http.HttpResults;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Assets;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.SharedLinks;

public static class SharedLinkEndpoints
{
    public static RouteGroupBuilder MapSharedLinks(this RouteGroupBuilder api)
    {
        var manage = api.MapGroup("/shared-links");
        manage.MapPost("/", (CreateSharedLinkRequest request, HttpContext http, SharedLinkService service) =>
            {
                var link = service.Create(http.GetCaller(), request);
                return TypedResults.Created($"/api/v1/shared-links/{link.Id}", link);
            })
            .RequirePermission(Permission.SharedLinkCreate);
        manage.MapGet("/", (HttpContext http, SharedLinkService service) => TypedResults.Ok(service.List(http.GetCaller())))
            .RequirePermission(Permission.SharedLinkRead);
        manage.MapDelete("/{id}", (string id, HttpContext http, SharedLinkService service) =>
            {
                service.Delete(http.GetCaller(), id);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.SharedLinkDelete);

        // Public: a visitor without an account, holding only the key.
        var shared = api.MapGroup("/shared/{key}");
        shared.MapGet("/", (string key, HttpContext http, SharedLinkService service) => TypedResults.Ok(service.View(key, UnlockToken(http))));
        shared.MapPost("/unlock", Unlock);
        shared.MapGet("/assets/{id}/thumbnail", Thumbnail);
        shared.MapGet("/assets/{id}/original", Original);
        shared.MapGet("/assets/{id}/playback", Playback);
        shared.MapGet("/download", (string key, HttpContext http, SharedLinkService service, ExportArchive archive) =>
            ExportEndpoints.StreamAsync(http, archive, service.Downloadable(key, UnlockToken(http)), viewerId: "")); // a visitor sees no album or people names
        return api;
    }

    private static NoContent Unlock(string key, UnlockSharedLinkRequest request, HttpContext http, SharedLinkService service)
    {
        var address = http.ClientAddress();
        var (linkId, token) = service.Unlock(key, request.Password, address);
        http.Response.Cookies.Append(SharedLinkService.CookieName(linkId), token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            Path = $"/api/v1/shared/{key}",
            MaxAge = TimeSpan.FromDays(7),
            IsEssential = true,
        });
        return TypedResults.NoContent();
    }

    private static UserFileResult Thumbnail(string key, string id, string? size, HttpContext http, SharedLinkService service)
    {
        var kind = size == "preview" ? DerivedKind.Preview : DerivedKind.Thumbnail;
        var (asset, path) = service.Derived(key, UnlockToken(http), id, kind);
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return UserFileResult.Derived(asset, path, kind);
    }

    private static UserFileResult Original(string key, string id, bool? download, HttpContext http, SharedLinkService service)
    {
        var (asset, path) = service.Original(key, UnlockToken(http), id);
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return UserFileResult.Original(asset, path, download == true);
    }

    /// <summary>Watching a shared video is viewing: allowed whether or not the link allows downloads, under the one playback rule.</summary>
    private static UserFileResult Playback(string key, string id, HttpContext http, SharedLinkService service, DerivedFileStore derived)
    {
        var (asset, path, allowDownload) = service.Playback(key, UnlockToken(http), id);
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return AssetEndpoints.PlaybackFile(asset, path, derived, allowDownload);
    }

    /// <summary>Any share cookie may carry the token; the service compares it with the one this link's key and password make.</summary>
    private static string? UnlockToken(HttpContext http) =>
        http.Request.Cookies.Where(c => c.Key.StartsWith("pivault_share_", StringComparison.Ordinal)).Select(c => c.Value).FirstOrDefault();
}
