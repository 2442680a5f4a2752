using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.People;

/// <summary>
/// The work on a whole library of faces: the nightly pass (index what is missing, drop the rows of deleted faces, try
/// the unassigned faces again, repair covers, delete unnamed people left without faces) and the full re-cluster of one
/// user (named people keep their faces; every other machine face is clustered again from scratch). Each page of faces
/// commits on its own, so a long run never holds the database for long.
/// </summary>
public sealed class PeopleUpkeep(Database database, FaceStore faces, PersonStore people, FaceIndex index, FaceClustering clustering, TimeProvider time)
{
    private const int PageSize = 500;

    /// <summary>The nightly pass over every user's faces; returns how many faces found a person.</summary>
    public int RunNightly(CancellationToken cancel)
    {
        List<string> owners;
        using (var db = database.Open())
        {
            owners = people.Owners(db);
            index.PruneStale(db);
        }
        var assigned = 0;
        foreach (var owner in owners)
        {
            cancel.ThrowIfCancellationRequested();
            assigned += RetryUnassigned(owner, cancel);
        }
        return assigned;
    }

    /// <summary>
    /// Re-clusters one user's faces: faces of named people (and faces tagged by hand) stay where they are, except machine
    /// faces on photos taken before their person's birthday; unnamed people are taken apart and every other machine face
    /// clustered again. Returns how many faces found a person.
    /// </summary>
    public int Recluster(string ownerId, CancellationToken cancel)
    {
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            var now = time.GetUtcNow();
            faces.UnassignUnnamed(db, ownerId, now);
            faces.UnassignBeforeBirth(db, ownerId, now);
            people.DeleteEmptyUnnamed(db, ownerId);
            transaction.Commit();
        }
        return RetryUnassigned(ownerId, cancel);
    }

    /// <summary>
    /// Two passes over the owner's unassigned machine faces, oldest first: the first makes the people, the second gives
    /// the faces that were not core faces the person a later face made around them. Then covers and empty people.
    /// </summary>
    public int RetryUnassigned(string ownerId, CancellationToken cancel)
    {
        using var db = database.Open();
        PrepareIndex(db, ownerId);
        var before = faces.CountUnassigned(db, ownerId);
        Pass(db, ownerId, cancel);
        Pass(db, ownerId, cancel);
        using var transaction = db.BeginTransaction();
        people.RepairCovers(db, ownerId);
        people.DeleteEmptyUnnamed(db, ownerId);
        transaction.Commit();
        return (int)(before - faces.CountUnassigned(db, ownerId));
    }

    private void PrepareIndex(SqliteConnection db, string ownerId)
    {
        if (faces.Unassigned(db, ownerId, 0, 1) is [{ Embedding: { } sample }])
        {
            index.Prepare(db, sample.Length / sizeof(float));
        }
        using var transaction = db.BeginTransaction();
        index.AddMissing(db, ownerId);
        transaction.Commit();
    }

    private void Pass(SqliteConnection db, string ownerId, CancellationToken cancel)
    {
        for (long after = 0; ;)
        {
            cancel.ThrowIfCancellationRequested();
            var page = faces.Unassigned(db, ownerId, after, PageSize);
            if (page.Count == 0)
            {
                return;
            }
            using var transaction = db.BeginTransaction();
            foreach (var face in page)
            {
                // A person made earlier in this page may already have taken this face as a border face.
                if (faces.Find(db, ownerId, face.Id) is { PersonId: null } current && OnTimeline(db, current.AssetId))
                {
                    clustering.Assign(db, current, ClusteringRules.Default);
                }
            }
            transaction.Commit();
            after = page[^1].Seq;
        }
    }

    private static bool OnTimeline(SqliteConnection db, string assetId) =>
        db.Scalar<long>("SELECT count(*) FROM assets WHERE id = $id AND deleted_at IS NULL;", ("$id", assetId)) > 0;
}
