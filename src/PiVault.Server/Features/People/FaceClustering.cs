using PiVault.Server.Data;
using Microsoft.Data.Sqlite;

namespace PiVault.Server.Features.People;

/// <summary>
/// Immich's clustering rules (research/ml-pipeline.md §2): faces within <see cref="MaxDistance"/> (cosine) of each other are
/// neighbours, and a face with at least <see cref="MinFaces"/> neighbours (itself included) is a core face that may start
/// a person.
/// </summary>
public sealed record ClusteringRules(double MaxDistance, int MinFaces)
{
    public static ClusteringRules Default { get; } = new(0.5, 3);
}

/// <summary>
/// Incremental DBSCAN over the face index, as Immich's facial-recognition job does it: a face joins the person of its
/// nearest neighbour that has one (within the maximum distance); failing that, a core face starts a new person; any
/// other face stays unassigned and is tried again later (the nightly pass, a re-cluster). One step beyond Immich: a
/// new person at once takes the unassigned faces around its core face (DBSCAN's border points), so three photos of a
/// newcomer make a person of all three rather than of the last one until the night.
/// </summary>
public sealed class FaceClustering(FaceStore faces, PersonStore people, FaceIndex index, TimeProvider time)
{
    private const int FirstLook = 16;

    /// <summary>Puts an unassigned machine face with a person if the rules allow; returns the person's id, or null when it stays unassigned.</summary>
    public string? Assign(SqliteConnection db, FaceRecord face, ClusteringRules rules)
    {
        if (face.Embedding is not { } embedding || face.PersonId is not null)
        {
            return face.PersonId;
        }
        var matches = index.Nearest(db, face.OwnerId, embedding, rules.MinFaces, rules.MaxDistance);
        if (rules.MinFaces > 1 && matches.All(m => m.Seq == face.Seq))
        {
            return null; // alone so far: an outlier until more faces like it arrive
        }
        var now = time.GetUtcNow();
        var personId = matches.FirstOrDefault(m => m.PersonId is not null)?.PersonId ?? NearestPerson(db, face.OwnerId, embedding, rules);
        if (personId is not null)
        {
            Join(db, face.Id, personId, now);
            return personId;
        }
        if (matches.Count(m => m.Seq != face.Seq) + 1 < rules.MinFaces)
        {
            return null; // not a core face: retried once its neighbourhood has grown or has a person
        }
        personId = Guid.CreateVersion7(now).ToString();
        people.Insert(db, new PersonRecord(personId, face.OwnerId, "", null, false, false, null, face.Id, now, now, 0));
        faces.Assign(db, face.Id, personId, now);
        foreach (var border in matches.Where(m => m.Seq != face.Seq && m.PersonId is null))
        {
            faces.Assign(db, border.FaceId, personId, now);
        }
        return personId;
    }

    /// <summary>
    /// The person of the nearest face that has one, within the maximum distance: asks for more neighbours until one has
    /// a person, every face within the distance was seen, or vec0's largest k is reached.
    /// </summary>
    private string? NearestPerson(SqliteConnection db, string ownerId, byte[] embedding, ClusteringRules rules)
    {
        for (var k = FirstLook; ; k *= 4)
        {
            var near = index.Nearest(db, ownerId, embedding, k, rules.MaxDistance);
            if (near.FirstOrDefault(m => m.PersonId is not null) is { } assigned)
            {
                return assigned.PersonId;
            }
            if (near.Count < k || k >= FaceIndex.MaxNeighbours)
            {
                return null;
            }
        }
    }

    private void Join(SqliteConnection db, string faceId, string personId, DateTimeOffset now)
    {
        faces.Assign(db, faceId, personId, now);
        people.CoverIfNone(db, personId, faceId, now);
    }
}
