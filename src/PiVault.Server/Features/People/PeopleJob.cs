using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Queue;

namespace PiVault.Server.Features.People;

/// <summary>
/// The <c>asset.people</c> step (one row of <c>Pipeline/JobSteps</c>, after <c>asset.faces</c>): adds the asset's faces
/// to the face index and puts each unassigned machine face with a person (<see cref="FaceClustering"/>). Index rows,
/// assignments, new people and the done stamp commit together. Faces on a photo in the trash are indexed but not
/// assigned (Immich clusters only faces on the timeline); the nightly pass takes them if the photo is restored.
/// </summary>
public sealed class PeopleJob(Database database, AssetStore assets, FaceStore faces, FaceIndex index, FaceClustering clustering, TimeProvider time)
{
    public Task RunAsync(string assetId, CancellationToken cancel)
    {
        using var db = database.Open();
        if (assets.FindById(db, assetId) is not { } asset)
        {
            return Task.CompletedTask; // purged meanwhile
        }
        var found = faces.OfAsset(db, asset.Id);
        if (found.FirstOrDefault(f => f.Embedding is not null) is { Embedding: { } first })
        {
            index.Prepare(db, first.Length / sizeof(float));
        }
        cancel.ThrowIfCancellationRequested(); // a safe point: nothing written yet
        using var transaction = db.BeginTransaction();
        index.Add(db, found);
        if (asset.DeletedAt is null)
        {
            foreach (var face in found.Where(f => f.Source == FaceRecord.MachineLearning && f.PersonId is null))
            {
                // Re-read: a border face of a person made a moment ago from this photo's other face has one now.
                if (faces.Find(db, asset.OwnerId, face.Id) is { PersonId: null } current)
                {
                    clustering.Assign(db, current, ClusteringRules.Default);
                }
            }
        }
        assets.MarkStepDone(db, asset.Id, JobKinds.People, time.GetUtcNow());
        transaction.Commit();
        return Task.CompletedTask;
    }
}
