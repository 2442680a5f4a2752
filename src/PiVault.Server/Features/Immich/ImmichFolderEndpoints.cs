using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Storage;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// The Immich app's folder view (<c>/view/folder/unique-paths</c>, <c>/view/folder?path=</c>): the caller's photos by the
/// folder their original is stored in, over <see cref="AssetService"/>. Never trashed, hidden or locked ones.
/// </summary>
public static class ImmichFolderEndpoints
{
    /// <summary>At most this many photos of one folder in one answer (Immich answers the whole folder; this bounds the work).</summary>
    public const int MaxAssetsPerFolder = 20_000;

    public static RouteGroupBuilder MapImmichFolders(this RouteGroupBuilder api)
    {
        var view = api.MapGroup("/view/folder");
        view.MapGet("/unique-paths", (HttpContext http, AssetService service) => TypedResults.Ok(service.Folders(http.GetCaller())))
            .RequirePermission(Permission.FolderRead);
        view.MapGet("/", (string? path, HttpContext http, AssetService service, OriginalLocator originals) =>
        {
            if (string.IsNullOrEmpty(path))
            {
                throw ApiException.BadRequest("Give the folder's path (one of /view/folder/unique-paths).");
            }
            return TypedResults.Ok(service.InFolder(http.GetCaller(), path.TrimEnd('/'), MaxAssetsPerFolder).ConvertAll(a => ImmichMapper.Asset(a, originals.ColdOffline)));
        }).RequirePermission(Permission.FolderRead);
        return api;
    }
}
