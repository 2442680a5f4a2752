using PiVault.Server.Configuration;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Tiering;

/// <summary>
/// The <c>asset.tier-cold</c> step (one row of <c>Pipeline/JobSteps</c>, queue <c>storage</c>): puts one original on the
/// tier it belongs to now — to the cold drive if it is still due, back to the hot library if it became a pinned favourite.
/// </summary>
public sealed class TieringJob(Database database, TierMoveStore store, TieringPlanner planner, TierMoveService mover, PiVaultOptions options)
{
    public Task RunAsync(string assetId, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        using (var db = database.Open())
        {
            if (store.Find(db, assetId) is not { } asset)
            {
                return Task.CompletedTask;
            }
            if (planner.BelongsBack(asset))
            {
                mover.MoveToHot(assetId);
                return Task.CompletedTask;
            }
            if (!planner.IsDue(asset))
            {
                return Task.CompletedTask;
            }
        }
        mover.MoveToCold(assetId, options.Tiering.PinFavorites);
        return Task.CompletedTask;
    }
}
