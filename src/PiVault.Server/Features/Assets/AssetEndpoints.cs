using Microsoft.AspNetCore.Http.HttpResults;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Assets;

public static class AssetEndpoints
{
    public static RouteGroupBuilder MapAssets(this RouteGroupBuilder api)
    {
        var assets = api.MapGroup("/assets");
        assets.MapPost("/", Upload).RequirePermission(Permission.AssetUpload).DisableAntiforgery();
        assets.MapGet("/", (int? page, int? size, HttpContext http, AssetService service) => TypedResults.Ok(service.ListTimeline(http.GetCaller(), page, size)))
            .RequirePermission(Permission.AssetRead);
        assets.MapGet("/{id}", (string id, HttpContext http, AssetService service) => TypedResults.Ok(service.Get(http.GetCaller(), id)))
            .RequirePermission(Permission.AssetRead);
        assets.MapGet("/{id}/original", Original).RequirePermission(Permission.AssetDownload);
        assets.MapGet("/{id}/thumbnail", Thumbnail).RequirePermission(Permission.AssetView);
        assets.MapGet("/{id}/playback", Playback).RequirePermission(Permission.AssetView);
        assets.MapDelete("/{id}", (string id, bool? permanent, HttpContext http, AssetService service) =>
            {
                if (permanent == true)
                {
                    service.DeletePermanently(http.GetCaller(), id);
                }
                else
                {
                    service.Trash(http.GetCaller(), id);
                }
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.AssetDelete);
        assets.MapPost("/{id}/restore", (string id, HttpContext http, AssetService service) =>
            {
                service.Restore(http.GetCaller(), id);
                return TypedResults.NoContent();
            })
            .RequirePermission(Permission.TrashRestore);

        var trash = api.MapGroup("/trash");
        trash.MapGet("/", (HttpContext http, AssetService service) => TypedResults.Ok(service.ListTrash(http.GetCaller())))
            .RequirePermission(Permission.AssetRead);
        trash.MapPost("/restore", (HttpContext http, AssetService service) => TypedResults.Ok(service.RestoreAll(http.GetCaller())))
            .RequirePermission(Permission.TrashRestore);
        trash.MapPost("/empty", (HttpContext http, AssetService service) => TypedResults.Ok(service.EmptyTrash(http.GetCaller())))
            .RequirePermission(Permission.TrashEmpty);
        return api;
    }

    private static async Task<Results<Created<UploadResultDto>, Ok<UploadResultDto>>> Upload(HttpContext http, UploadReceiver receiver, AssetService service)
    {
        var upload = await receiver.ReceiveAsync(http, http.RequestAborted);
        var result = service.Store(http.GetCaller(), upload);
        return result.Status == UploadStatus.Created
            ? TypedResults.Created($"/api/v1/assets/{result.Id}", result)
            : TypedResults.Ok(result);
    }

    /// <summary>
    /// <c>size=thumbnail</c> (WebP, 250 px short side, the default) or <c>size=preview</c> (JPEG, 1440 px). The ETag changes
    /// when the files are made again; clients add <c>?c=&lt;thumbhash&gt;</c> to bust their cache.
    /// </summary>
    internal static UserFileResult Thumbnail(string id, string? size, HttpContext http, AssetService service)
    {
        var kind = size switch
        {
            null or "" or "thumbnail" => DerivedKind.Thumbnail,
            "preview" => DerivedKind.Preview,
            _ => throw ApiException.BadRequest("size must be 'thumbnail' or 'preview'."),
        };
        var (asset, path) = service.Derived(http.GetCaller(), id, kind);
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return UserFileResult.Derived(asset, path, kind);
    }

    /// <summary>What a video player should load: see <see cref="PlaybackFile"/>.</summary>
    internal static UserFileResult Playback(string id, HttpContext http, AssetService service, DerivedFileStore derived)
    {
        var caller = http.GetCaller();
        var (asset, original) = service.Playable(caller, id);
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return PlaybackFile(asset, original, derived, mayDownload: caller.Has(Permission.AssetDownload));
    }

    /// <summary>
    /// The one playback rule for the app, the Immich API and share links. Playback is watching a video, which is viewing:
    /// its playback copy (H.264, made without the original's metadata) when the pipeline made one, else the original
    /// itself — but only to those who may download it, since a video original carries the camera's metadata, place
    /// included. Photos have no playback (viewers show their preview), so their originals never leak through here.
    /// </summary>
    /// <param name="original">Resolves the original's path (throwing when it is offline on the cold tier); called only without a copy.</param>
    internal static UserFileResult PlaybackFile(AssetRecord asset, Func<string> original, DerivedFileStore derived, bool mayDownload)
    {
        if (asset.Type != AssetType.Video)
        {
            throw ApiException.NotFound("This asset is a photo, not a video, so it has no playback: show its preview (thumbnail?size=preview).");
        }
        var copy = new FileInfo(derived.PathFor(asset.OwnerId, asset.Id, DerivedKind.Playback));
        if (copy.Exists)
        {
            return UserFileResult.PlaybackCopy(copy);
        }
        return mayDownload
            ? UserFileResult.Original(asset, original(), download: false)
            : throw ApiException.Forbidden("This video plays only as its original, which carries its metadata (the place it was taken included), "
                + "and downloading originals is not allowed here.");
    }

    /// <summary>The untouched original, with Range support (video seeking, resumable downloads) and its checksum as ETag.</summary>
    internal static UserFileResult Original(string id, bool? download, HttpContext http, AssetService service)
    {
        var (asset, path) = service.Original(http.GetCaller(), id);
        http.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
        return UserFileResult.Original(asset, path, download == true);
    }
}
