using System.Globalization;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.SharedLinks;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's shared-link management over <see cref="SharedLinkService"/>: the links the app lists, makes, edits and
/// deletes. Visitors still open them at PiVault's own <c>/s/&lt;key&gt;</c> page. A link's password is never sent back
/// (PiVault keeps only its hash), so <c>password</c> is always null.
/// </summary>
public static class ImmichSharedLinkEndpoints
{
    public static RouteGroupBuilder MapImmichSharedLinks(this RouteGroupBuilder api)
    {
        var links = api.MapGroup("/shared-links");
        links.MapGet("/", (HttpContext http, SharedLinkService service, AssetService assets, OriginalLocator originals) =>
        {
            var caller = http.GetCaller();
            return TypedResults.Ok(service.List(caller).ConvertAll(l => Link(service.Find(caller, l.Id), caller, service, assets, originals)));
        }).RequirePermission(Permission.SharedLinkRead);
        links.MapGet("/{id}", (string id, HttpContext http, SharedLinkService service, AssetService assets, OriginalLocator originals) =>
            TypedResults.Ok(Link(service.Find(http.GetCaller(), id), http.GetCaller(), service, assets, originals))).RequirePermission(Permission.SharedLinkRead);
        links.MapPost("/", (ImmichSharedLinkCreateRequest r, HttpContext http, SharedLinkService service, AssetService assets, OriginalLocator originals) =>
        {
            var caller = http.GetCaller();
            var created = service.Create(caller, new CreateSharedLinkRequest(
                r.Type?.ToLowerInvariant(), r.AlbumId, r.AssetIds, r.Description, r.ExpiresAt, r.Password, r.AllowDownload));
            return TypedResults.Created($"/api/shared-links/{created.Id}", Link(service.Find(caller, created.Id), caller, service, assets, originals));
        }).RequirePermission(Permission.SharedLinkCreate);
        links.MapPatch("/{id}", (string id, ImmichSharedLinkEditRequest r, HttpContext http, SharedLinkService service, AssetService assets, OriginalLocator originals) =>
        {
            var caller = http.GetCaller();
            var clearExpiry = r.ExpiresAt is null;
            var expires = r.ExpiresAt is null or ImmichSharedLinkEditRequest.Unset ? (DateTimeOffset?)null : ParseExpiry(r.ExpiresAt);
            var link = service.Update(caller, id, r.Description, r.Password, r.AllowDownload, expires, clearExpiry);
            return TypedResults.Ok(Link(link, caller, service, assets, originals));
        }).RequirePermission(Permission.SharedLinkCreate);
        links.MapDelete("/{id}", (string id, HttpContext http, SharedLinkService service) =>
        {
            service.Delete(http.GetCaller(), id);
            return TypedResults.NoContent();
        }).RequirePermission(Permission.SharedLinkDelete);
        links.MapPut("/{id}/assets", (string id, ImmichAssetIdsRequest r, HttpContext http, SharedLinkService service) =>
            TypedResults.Ok(Results(service.AddAssets(http.GetCaller(), id, r.AssetIds ?? [])))).RequirePermission(Permission.SharedLinkCreate);
        links.MapDelete("/{id}/assets", (string id, ImmichAssetIdsRequest r, HttpContext http, SharedLinkService service) =>
            TypedResults.Ok(Results(service.RemoveAssets(http.GetCaller(), id, r.AssetIds ?? [])))).RequirePermission(Permission.SharedLinkCreate);
        return api;
    }

    private static ImmichSharedLinkDto Link(SharedLinkRecord l, Caller caller, SharedLinkService service, AssetService assets, OriginalLocator originals)
    {
        var coldOffline = originals.ColdOffline;
        var shown = l.Type == "individual"
            ? service.AssetIds(l).ConvertAll(id => ImmichMapper.Asset(assets.GetChange(caller, id), coldOffline))
            : [];
        return new(l.AllowDownload, false, shown, l.CreatedAt, l.Description, l.ExpiresAt, l.Id, l.Key, null, true, null,
            l.Type.ToUpperInvariant(), l.OwnerId);
    }

    private static DateTimeOffset ParseExpiry(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw ApiException.BadRequest($"expiresAt \"{text}\" is not an ISO-8601 date and time.");

    private static List<ImmichAssetIdResultDto> Results(List<(string AssetId, bool Success, string? Error)> results) =>
        results.ConvertAll(r => new ImmichAssetIdResultDto(r.AssetId, r.Error, r.Success));
}

public sealed record ImmichSharedLinkCreateRequest(
    string? Type, string? AlbumId, List<string>? AssetIds, string? Description, DateTimeOffset? ExpiresAt, string? Password, bool? AllowDownload,
    bool? AllowUpload, bool? ShowMetadata, string? Slug);

/// <summary><c>SharedLinkEditDto</c>: <c>expiresAt</c> null makes the link last until deleted, left out keeps it.</summary>
public sealed record ImmichSharedLinkEditRequest(
    string? Description = null, string? ExpiresAt = ImmichSharedLinkEditRequest.Unset, string? Password = null, bool? AllowDownload = null,
    bool? AllowUpload = null, bool? ShowMetadata = null, string? Slug = null, bool? ChangeExpiryTime = null)
{
    public const string Unset = "\u0000unset";
}

public sealed record ImmichAssetIdsRequest(List<string>? AssetIds);

public sealed record ImmichAssetIdResultDto(
    string AssetId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Error,
    bool Success);

public sealed record ImmichSharedLinkDto(
    bool AllowDownload, bool AllowUpload, List<ImmichAssetDto> Assets, DateTimeOffset CreatedAt, string? Description, DateTimeOffset? ExpiresAt,
    string Id, string Key, string? Password, bool ShowMetadata, string? Slug, string Type, string UserId);
