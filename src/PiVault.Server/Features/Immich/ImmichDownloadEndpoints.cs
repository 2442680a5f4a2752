using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Export;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's download API (<c>/api/download</c>), what the web's and the app's download buttons call: <c>info</c> splits
/// the assets into archives, <c>archive</c> streams one as a ZIP — PiVault's export (<see cref="ExportArchive"/>), so
/// each original comes with its XMP sidecar.
/// </summary>
public static class ImmichDownloadEndpoints
{
    public static RouteGroupBuilder MapImmichDownloads(this RouteGroupBuilder api)
    {
        var download = api.MapGroup("/download");
        download.MapPost("/info", (ExportRequest request, HttpContext http, ExportService service) =>
            TypedResults.Ok(service.Info(http.GetCaller(), request))).RequirePermission(Permission.AssetDownload);
        download.MapPost("/archive", (ExportArchiveRequest request, HttpContext http, ExportService service, ExportArchive archive) =>
            ExportEndpoints.StreamAsync(http, archive, service.Resolve(http.GetCaller(), ExportEndpoints.Selection(request)), http.GetCaller().UserId))
            .RequirePermission(Permission.AssetDownload);
        return api;
    }
}
