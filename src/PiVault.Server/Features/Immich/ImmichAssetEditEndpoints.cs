using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.People;
using PiVault.Server.Http;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// The app's in-app actions on assets and the trash: <c>PUT /assets</c>, <c>PUT /assets/{id}</c> (favourite, visibility,
/// date, place, description, rating through <see cref="AssetEditService"/>) and the trash's restore and empty, over
/// the same services as <c>/api/v1</c>.
/// </summary>
public static class ImmichAssetEditEndpoints
{
    public static RouteGroupBuilder MapImmichAssetEdits(this RouteGroupBuilder api)
    {
        api.MapPut("/assets", (ImmichAssetBulkUpdateRequest request, HttpContext http, AssetEditService edits) =>
        {
            edits.Edit(http.GetCaller(), request.Ids ?? [], request.Edit());
            return TypedResults.NoContent();
        }).RequirePermission(Permission.AssetUpdate);
        api.MapPut("/assets/{id}", (string id, ImmichAssetUpdateRequest request, HttpContext http, AssetEditService edits, AssetService service,
            PeopleService people, OriginalLocator originals) =>
        {
            edits.EditOne(http.GetCaller(), id, request.Edit());
            return TypedResults.Ok(ImmichMapper.Asset(service.GetChange(http.GetCaller(), id), originals.ColdOffline) with
            {
                People = ImmichPersonWithFacesDto.Of(people.FacesOf(http.GetCaller(), id)),
            });
        }).RequirePermission(Permission.AssetUpdate);

        var trash = api.MapGroup("/trash");
        trash.MapPost("/restore/assets", (ImmichBulkIdsRequest request, HttpContext http, AssetService service) =>
        {
            var ids = request.Ids ?? [];
            ids.ForEach(id => service.Restore(http.GetCaller(), id));
            return TypedResults.Ok(new ImmichTrashResponseDto(ids.Distinct(StringComparer.Ordinal).Count()));
        }).RequirePermission(Permission.TrashRestore);
        trash.MapPost("/restore", (HttpContext http, AssetService service) =>
            TypedResults.Ok(new ImmichTrashResponseDto(service.RestoreAll(http.GetCaller()).Count))).RequirePermission(Permission.TrashRestore);
        trash.MapPost("/empty", (HttpContext http, AssetService service) =>
            TypedResults.Ok(new ImmichTrashResponseDto(service.EmptyTrash(http.GetCaller()).Count))).RequirePermission(Permission.TrashEmpty);
        return api;
    }

    /// <summary>Immich's visibility names; "hidden" is refused by the edit rule, anything else here.</summary>
    internal static AssetVisibility? Visibility(string? value) => value is null
        ? null
        : AssetVisibilities.Parse(value) ?? throw ApiException.BadRequest($"visibility must be timeline, archive or locked, not \"{value}\".");
}

/// <summary><c>AssetBulkUpdateDto</c> of @immich/sdk 3.2.2 (<c>duplicateId</c> is accepted and ignored).</summary>
public sealed record ImmichAssetBulkUpdateRequest(
    List<string>? Ids, bool? IsFavorite = null, string? Visibility = null, string? DateTimeOriginal = null, int? DateTimeRelative = null,
    string? TimeZone = null, double? Latitude = null, double? Longitude = null, string? Description = null, int? Rating = AssetEditRequest.Unset,
    string? DuplicateId = null)
{
    public AssetEditRequest Edit() => new(
        IsFavorite, ImmichAssetEditEndpoints.Visibility(Visibility), DateTimeOriginal, DateTimeRelative, TimeZone, Latitude, Longitude, Description, Rating);
}

/// <summary><c>UpdateAssetDto</c> of @immich/sdk 3.2.2 (<c>livePhotoVideoId</c> belongs to the Live Photo work and is ignored here).</summary>
public sealed record ImmichAssetUpdateRequest(
    bool? IsFavorite = null, string? Visibility = null, string? DateTimeOriginal = null, double? Latitude = null, double? Longitude = null,
    string? Description = null, int? Rating = AssetEditRequest.Unset, string? LivePhotoVideoId = null)
{
    public AssetEditRequest Edit() => new(
        IsFavorite, ImmichAssetEditEndpoints.Visibility(Visibility), DateTimeOriginal, null, null, Latitude, Longitude, Description, Rating);
}

public sealed record ImmichTrashResponseDto(int Count);
