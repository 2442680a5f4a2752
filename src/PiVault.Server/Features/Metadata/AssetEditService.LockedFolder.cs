using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Moving photos into and out of the locked folder (<c>/api/v1/locked-folder/assets</c>): the visibility change of
/// <see cref="Edit"/>, limited to the photos that are where the move starts, and only while the caller's session holds the
/// folder open (into it, as Immich asks; out of it, because only an open folder shows what is in it).
/// </summary>
public sealed partial class AssetEditService
{
    /// <summary>The caller's listed photos in the timeline or the archive go into the locked folder; the answer counts them.</summary>
    public int MoveToLockedFolder(Caller caller, IReadOnlyList<string> ids) =>
        MoveBetween(caller, ids, [AssetVisibility.Timeline, AssetVisibility.Archive], AssetVisibility.Locked);

    /// <summary>The caller's listed photos in the locked folder go back to the timeline; others are skipped.</summary>
    public int MoveOutOfLockedFolder(Caller caller, IReadOnlyList<string> ids) =>
        MoveBetween(caller, ids, [AssetVisibility.Locked], AssetVisibility.Timeline);

    private int MoveBetween(Caller caller, IReadOnlyList<string> ids, AssetVisibility[] from, AssetVisibility to)
    {
        locked.RequireUnlocked(caller);
        List<string> moving;
        using (var db = database.Open())
        {
            moving = access.OwnedAmong(db, caller, ids, includeLocked: true)
                .Where(id => from.Contains(AssetVisibilities.FromDb(db.Scalar<string>("SELECT visibility FROM assets WHERE id = $id;", ("$id", id))!)))
                .ToList();
        }
        if (moving.Count > 0)
        {
            Edit(caller, moving, new AssetEditRequest(Visibility: to));
        }
        return moving.Count;
    }
}

/// <summary>The photos to move into or out of the locked folder.</summary>
public sealed record LockedFolderAssetsRequest(List<string>? Ids);

/// <summary>How many of the listed photos moved (the others were not the caller's or not where the move starts).</summary>
public sealed record LockedFolderMoveResultDto(int Moved);
