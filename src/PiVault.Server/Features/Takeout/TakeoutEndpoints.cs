using Microsoft.AspNetCore.Http.Features;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Takeout;

/// <summary>
/// /api/v1/imports: Google Takeout imports (docs/takeout.md). Starting one and sending parts needs the upload permission;
/// reading progress and the report needs asset.read; only the user it imports for and who started it see an import.
/// </summary>
public static class TakeoutEndpoints
{
    public static RouteGroupBuilder MapTakeout(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports");
        imports.MapPost("/", (CreateImportRequest request, HttpContext http, TakeoutService service) =>
        {
            var created = service.Create(http.GetCaller(), request);
            return TypedResults.Created($"/api/v1/imports/{created.Id}", created);
        }).RequirePermission(Permission.AssetUpload);
        imports.MapGet("/", (HttpContext http, TakeoutService service) => TypedResults.Ok(service.List(http.GetCaller())))
            .RequirePermission(Permission.AssetRead);
        imports.MapGet("/{id}", (string id, HttpContext http, TakeoutService service) => TypedResults.Ok(service.Get(http.GetCaller(), id)))
            .RequirePermission(Permission.AssetRead);
        imports.MapPost("/{id}/parts", AddPart).RequirePermission(Permission.AssetUpload).DisableAntiforgery();
        imports.MapPost("/{id}/start", (string id, HttpContext http, TakeoutService service) => TypedResults.Ok(service.Start(http.GetCaller(), id)))
            .RequirePermission(Permission.AssetUpload);
        imports.MapGet("/{id}/report", (string id, string? outcome, int? page, int? size, HttpContext http, TakeoutService service) =>
            TypedResults.Ok(service.Report(http.GetCaller(), id, outcome, page, size))).RequirePermission(Permission.AssetRead);
        imports.MapGet("/{id}/folders", (string id, HttpContext http, TakeoutService service) =>
            TypedResults.Ok(service.Folders(http.GetCaller(), id))).RequirePermission(Permission.AssetRead);
        imports.MapDelete("/{id}", (string id, HttpContext http, TakeoutService service, TakeoutImportRunner runner) =>
            TypedResults.Ok(service.Cancel(http.GetCaller(), id, runner))).RequirePermission(Permission.AssetUpload);
        return api;
    }

    /// <summary>The body is the archive part itself (any content type), streamed to disk; <c>?name=</c> is how the user knows it.</summary>
    private static async Task<IResult> AddPart(string id, string? name, HttpContext http, TakeoutService service, PiVaultOptions options)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxUploadBytes;
        }
        return TypedResults.Ok(await service.AddPartAsync(http.GetCaller(), id, name, http.Request.Body, http.RequestAborted));
    }
}
