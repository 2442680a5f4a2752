using Microsoft.AspNetCore.Http.HttpResults;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.People;
using PiVault.Server.Features.Stacks;
using PiVault.Server.Features.Tags;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Immich;

/// <summary>Upload, duplicate check, statistics, delete and the file endpoints, over <see cref="AssetService"/> and PiVault's own file handlers.</summary>
public static class ImmichAssetEndpoints
{
    public const int MaxBulkCheckItems = 5000;

    public static RouteGroupBuilder MapImmichAssets(this RouteGroupBuilder api)
    {
        var assets = api.MapGroup("/assets");
        assets.MapPost("/", Upload).RequirePermission(Permission.AssetUpload).DisableAntiforgery();
        assets.MapPost("/bulk-upload-check", (BulkUploadCheckRequest request, HttpContext http, AssetService service) =>
            TypedResults.Ok(BulkUploadCheck(request, http.GetCaller(), service))).RequirePermission(Permission.AssetUpload);
        assets.MapGet("/statistics", (bool? isTrashed, HttpContext http, AssetService service) =>
        {
            var stats = service.Statistics(http.GetCaller(), isTrashed == true);
            return TypedResults.Ok(new ImmichAssetStatsDto(stats.Images, stats.Images + stats.Videos, stats.Videos));
        }).RequirePermission(Permission.AssetStatistics);
        assets.MapDelete("/", (ImmichDeleteAssetsRequest request, HttpContext http, AssetService service) =>
        {
            foreach (var id in request.Ids ?? [])
            {
                if (request.Force == true)
                {
                    service.DeletePermanently(http.GetCaller(), id);
                }
                else
                {
                    service.Trash(http.GetCaller(), id);
                }
            }
            return TypedResults.NoContent();
        }).RequirePermission(Permission.AssetDelete);
        // people and tags: the caller's own on the photo (a shared-album member sees none), as Immich's asset page shows them.
        assets.MapGet("/{id}", (string id, HttpContext http, AssetService service, PeopleService people, StackService stacks, TagService tags, OriginalLocator originals) =>
        {
            var change = service.GetChange(http.GetCaller(), id);
            return TypedResults.Ok(ImmichMapper.Asset(change, originals.ColdOffline) with
            {
                People = ImmichPersonWithFacesDto.Of(people.FacesOf(http.GetCaller(), id)),
                Stack = ImmichStackEndpoints.StackOf(change, http.GetCaller(), stacks),
                Tags = tags.OfAsset(http.GetCaller(), id).ConvertAll(ImmichTagDto.From),
            });
        }).RequirePermission(Permission.AssetRead);
        // "fullsize" is Immich's web-viewer size; PiVault's largest derived image is the preview.
        assets.MapGet("/{id}/thumbnail", (string id, string? size, HttpContext http, AssetService service) =>
            AssetEndpoints.Thumbnail(id, size == "fullsize" ? "preview" : size, http, service)).RequirePermission(Permission.AssetView);
        assets.MapGet("/{id}/original", (string id, HttpContext http, AssetService service) =>
            AssetEndpoints.Original(id, null, http, service)).RequirePermission(Permission.AssetDownload);
        assets.MapGet("/{id}/video/playback", AssetEndpoints.Playback).RequirePermission(Permission.AssetView);
        return api;
    }

    /// <summary>The header a client may send with the file's SHA-1 (hex or base64) to learn early that it is a duplicate.</summary>
    public const string ChecksumHeader = "x-immich-checksum";

    /// <summary>
    /// 201 created or 200 duplicate (with the id already holding these bytes), exactly as PiVault's own upload. With an
    /// <c>x-immich-checksum</c> header naming bytes the caller already owns, the answer comes before the body is read
    /// (Immich's early duplicate check); otherwise the body is hashed as it streams and stored under its real checksum,
    /// whatever the header claimed. The <c>metadata</c> field (<see cref="ImmichAssetMetadataService"/>) is checked before
    /// anything is stored (a bad one: 400) and kept with a new asset.
    /// </summary>
    private static async Task<Results<Created<UploadResultDto>, Ok<UploadResultDto>>> Upload(
        HttpContext http, UploadReceiver receiver, AssetService service, ImmichAssetMetadataService metadata, IFileStore files)
    {
        if (http.Request.Headers[ChecksumHeader].ToString() is { Length: > 0 } claimed
            && service.FindByChecksums(http.GetCaller(), [ParseChecksum(claimed)]) is [var existing, ..])
        {
            return TypedResults.Ok(new UploadResultDto(existing.Id, UploadStatus.Duplicate));
        }
        var upload = await receiver.ReceiveAsync(http, http.RequestAborted);
        List<ImmichAssetMetadataItemDto> items;
        try
        {
            items = ImmichAssetMetadataService.ParseUploadField(upload.Fields);
        }
        catch (ApiException)
        {
            files.DiscardTemp(upload.TempPath);
            throw;
        }
        var result = service.Store(http.GetCaller(), upload);
        if (result.Status == UploadStatus.Created && items.Count > 0)
        {
            metadata.Upsert(http.GetCaller(), result.Id, items);
        }
        return result.Status == UploadStatus.Created ? TypedResults.Created($"/api/assets/{result.Id}", result) : TypedResults.Ok(result);
    }

    /// <summary>The request's ids are echoed verbatim (the CLI sends file paths); checksums come as hex (CLI) or base64 (apps).</summary>
    private static BulkUploadCheckResponse BulkUploadCheck(BulkUploadCheckRequest request, Caller caller, AssetService service)
    {
        var items = request.Assets ?? [];
        if (items.Count > MaxBulkCheckItems)
        {
            throw ApiException.BadRequest($"Check at most {MaxBulkCheckItems} assets per request.");
        }
        var checksums = items.ConvertAll(item => ParseChecksum(item.Checksum));
        var existing = service.FindByChecksums(caller, checksums).ToDictionary(a => Convert.ToHexString(a.Checksum));
        var results = items.Select((item, i) => existing.TryGetValue(Convert.ToHexString(checksums[i]), out var asset)
            ? new BulkUploadCheckResult(item.Id ?? "", "reject", asset.Id, asset.DeletedAt is not null, "duplicate")
            : new BulkUploadCheckResult(item.Id ?? "", "accept", null, null, null));
        return new BulkUploadCheckResponse([.. results]);
    }

    public static byte[] ParseChecksum(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 40 && text.All(char.IsAsciiHexDigit))
        {
            return Convert.FromHexString(text);
        }
        var bytes = new byte[20];
        return text.Length == 28 && Convert.TryFromBase64String(text, bytes, out var written) && written == 20
            ? bytes
            : throw ApiException.BadRequest($"\"{value}\" is not a SHA-1 checksum (40 hex digits or 28 base64 characters).");
    }
}
