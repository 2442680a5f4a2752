using Microsoft.Data.Sqlite;
using PiVault.Server.Features.Assets;

namespace PiVault.Server.Features.LivePhotos;

/// <summary>
/// Pairs the two halves of an iPhone Live Photo that arrived separately (CLI, web, imports), by Apple's content identifier,
/// whichever half arrives second: the metadata step of each records its identifier and looks for the other half.
/// Idempotent: a second run finds the pair made and changes nothing.
/// </summary>
public sealed class LivePhotoPairing(LivePhotoStore store)
{
    /// <summary>Runs inside the metadata step's transaction, so the identifier and the link commit with the step.</summary>
    public void Pair(SqliteConnection db, AssetRecord asset, string? contentIdentifier, DateTimeOffset now)
    {
        store.SetContentIdentifier(db, asset.Id, contentIdentifier);
        if (contentIdentifier is null || asset.DeletedAt is not null)
        {
            return;
        }
        if (asset.Type == AssetType.Image && asset.LivePhotoVideoId is null
            && store.UnpairedVideo(db, asset.OwnerId, contentIdentifier) is { } videoId)
        {
            store.Link(db, asset.Id, videoId, now);
        }
        else if (asset.Type == AssetType.Video && !store.IsLinkedVideo(db, asset.Id)
            && store.UnpairedStill(db, asset.OwnerId, contentIdentifier) is { } stillId)
        {
            store.Link(db, stillId, asset.Id, now);
        }
    }
}
