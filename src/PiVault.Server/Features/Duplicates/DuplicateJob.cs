using Microsoft.Data.Sqlite;
using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Media;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Duplicates;

/// <summary>
/// The <c>asset.duplicates</c> step (one row of <c>Pipeline/JobSteps</c>, after the thumbnails): hashes the photo's
/// stored preview (never the original again), asks every <see cref="IDuplicateNeighbours"/> source for look-alikes among
/// the owner's photos, and puts the photo in their group. Hash, grouping and the done stamp commit together.
/// </summary>
public sealed class DuplicateJob(
    Database database, AssetStore assets, DerivedFileStore derived, IPreviewHasher hasher, IEnumerable<IDuplicateNeighbours> sources,
    DuplicateStore store, TimeProvider time)
{
    public Task RunAsync(string assetId, CancellationToken cancel)
    {
        AssetRecord? asset;
        using (var db = database.Open())
        {
            asset = assets.FindById(db, assetId);
        }
        if (asset is null || asset.DeletedAt is not null || asset.Type != AssetType.Image)
        {
            return Task.CompletedTask; // gone or trashed meanwhile: nothing to compare
        }
        var preview = derived.PathFor(asset.OwnerId, asset.Id, DerivedKind.Preview);
        if (!File.Exists(preview))
        {
            throw new UndecodableMediaException("This photo has no preview to compare: make its thumbnails again, then search for duplicates.");
        }
        ulong? hash;
        try
        {
            hash = hasher.Hash(preview);
        }
        catch (MediaDecodeException e)
        {
            throw new UndecodableMediaException($"The photo's preview cannot be read ({e.Message}): make its thumbnails again.");
        }
        cancel.ThrowIfCancellationRequested(); // a safe point: nothing written yet

        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            var now = time.GetUtcNow();
            store.SetHash(db, asset.Id, hash); // null for a flat picture: no neighbours, never grouped
            var found = sources.SelectMany(s => s.NeighboursOf(db, asset.OwnerId, asset.Id).Select(id => (Id: id, s.Source))).ToList();
            Join(db, asset, found, now);
            assets.MarkStepDone(db, asset.Id, JobKinds.Duplicates, now);
            transaction.Commit();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Puts the asset and its look-alikes in one group: the oldest group any of them is in (others merge into it), or a new
    /// one. Pairs the owner dismissed are not look-alikes, so a dismissed group never comes back for the same assets.
    /// </summary>
    private void Join(SqliteConnection db, AssetRecord asset, List<(string Id, string Source)> found, DateTimeOffset now)
    {
        var neighbours = found.DistinctBy(n => n.Id, StringComparer.Ordinal).Where(n => !store.Dismissed(db, asset.Id, n.Id)).ToList();
        if (neighbours.Count == 0)
        {
            return;
        }
        var groups = neighbours.Select(n => n.Id).Prepend(asset.Id).Select(id => store.GroupOf(db, id)).OfType<string>()
            .Distinct(StringComparer.Ordinal).ToList();
        var target = store.OldestOf(db, groups) ?? store.CreateGroup(db, asset.OwnerId, now);
        foreach (var other in groups.Where(g => g != target))
        {
            store.Merge(db, other, target);
        }
        store.AddMember(db, target, asset.Id, neighbours[0].Source);
        foreach (var (id, source) in neighbours)
        {
            store.AddMember(db, target, id, source);
        }
    }
}
