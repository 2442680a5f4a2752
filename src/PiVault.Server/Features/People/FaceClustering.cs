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
/// newcomer make a person of all three rather than of the last one until the night. A face never joins a person born
/// after its photo was taken (their birthday set): it goes to the nearest person who could be in the photo instead.
/// </summary>
public sealed class FaceClustering(FaceStore faces, PersonStore people, FaceIndex index, TimeProvider time)
{
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
        var bornBy = BornByPhoto(db, face);
        var personId = matches.FirstOrDefault(m => m.PersonId is { } p && bornBy(p))?.PersonId
            ?? index.NearestPerson(db, face.OwnerId, embedding, rules.MaxDistance, bornBy);
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

    /// <summary>Whether a person may have the face: not one born after the face's photo was taken (<see cref="PersonEdit.BornBy"/>); each person read once.</summary>
    private Func<string, bool> BornByPhoto(SqliteConnection db, FaceRecord face)
    {
        var takenAt = DateTimeOffset.FromUnixTimeMilliseconds(db.Scalar<long>("SELECT taken_at FROM assets WHERE id = $id;", ("$id", face.AssetId)));
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        return personId => known.TryGetValue(personId, out var born)
            ? born
            : known[personId] = PersonEdit.BornBy(people.Find(db, face.OwnerId, personId)?.BirthDate, takenAt);
    }

    private void Join(SqliteConnection db, string faceId, string personId, DateTimeOffset now)
    {
        faces.Assign(db, faceId, personId, now);
        people.CoverIfNone(db, personId, faceId, now);
    }
}
