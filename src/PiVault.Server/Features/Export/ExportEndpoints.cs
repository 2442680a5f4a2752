using System.Globalization;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Export;

/// <summary>
/// Exports as streamed ZIPs (<see cref="ExportArchive"/>, layout in docs/export.md): <c>GET /api/v1/export</c> (the whole
/// library, or <c>?albumId=</c>), <c>POST /api/v1/export</c> (a selection), and a share link's assets when its owner allows
/// downloads (<c>SharedLinkEndpoints</c>). Access is checked for every asset before the first byte is sent.
/// </summary>
public static class ExportEndpoints
{
    public static RouteGroupBuilder MapExport(this RouteGroupBuilder api)
    {
        api.MapGet("/export", (string? albumId, HttpContext http, ExportService service, ExportArchive archive) =>
            StreamAsync(http, archive, service.Resolve(http.GetCaller(), new ExportRequest(null, albumId, null, null)), http.GetCaller().UserId))
            .RequirePermission(Permission.AssetDownload);
        api.MapPost("/export", (ExportArchiveRequest request, HttpContext http, ExportService service, ExportArchive archive) =>
            StreamAsync(http, archive, service.Resolve(http.GetCaller(), Selection(request)), http.GetCaller().UserId))
            .RequirePermission(Permission.AssetDownload);
        return api;
    }

    /// <summary>A selection must name its assets (an empty one would otherwise mean "everything").</summary>
    public static ExportRequest Selection(ExportArchiveRequest request) => request.AssetIds is { Count: > 0 } ids
        ? new ExportRequest(ids, null, null, null)
        : throw ApiException.BadRequest("Name the assets to export in assetIds.");

    /// <summary>The ZIP as the response body: headers first, then the entries as they are read (no temp file, no length).</summary>
    public static async Task StreamAsync(HttpContext http, ExportArchive archive, IReadOnlyList<AssetRecord> assets, string viewerId)
    {
        var name = $"pivault-export-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.zip";
        http.Response.ContentType = "application/zip";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, no-store";
        await archive.WriteAsync(http.Response.Body, assets, viewerId, http.RequestAborted);
    }
}
