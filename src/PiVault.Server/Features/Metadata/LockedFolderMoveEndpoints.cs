using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Metadata;

/// <summary><c>PUT</c> moves photos into the locked folder, <c>DELETE</c> back out to the timeline (an unlocked session only).</summary>
public static class LockedFolderMoveEndpoints
{
    public static RouteGroupBuilder MapLockedFolderMoves(this RouteGroupBuilder api)
    {
        var assets = api.MapGroup("/locked-folder/assets");
        assets.MapPut("", (LockedFolderAssetsRequest request, HttpContext http, AssetEditService edits) =>
                TypedResults.Ok(new LockedFolderMoveResultDto(edits.MoveToLockedFolder(http.GetCaller(), request.Ids ?? []))))
            .RequirePermission(Permission.AssetUpdate);
        assets.MapDelete("", (LockedFolderAssetsRequest request, HttpContext http, AssetEditService edits) =>
                TypedResults.Ok(new LockedFolderMoveResultDto(edits.MoveOutOfLockedFolder(http.GetCaller(), request.Ids ?? []))))
            .RequirePermission(Permission.AssetUpdate);
        return api;
    }
}
