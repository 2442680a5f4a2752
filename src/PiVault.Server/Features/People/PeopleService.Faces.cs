using Microsoft.Data.Sqlite;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.People;

/// <summary>A box drawn by hand on a photo, in pixels of an image of <see cref="ImageWidth"/> × <see cref="ImageHeight"/>.</summary>
public sealed record FaceBox(int X, int Y, int Width, int Height, int ImageWidth, int ImageHeight);

public sealed partial class PeopleService
{
    /// <summary>
    /// The faces on a photo with their people. The owner sees them all; someone who sees the photo through a shared album
    /// gets none (the owner's people are theirs alone); anyone else gets a 404.
    /// </summary>
    public List<FaceView> FacesOf(Caller caller, string assetId)
    {
        using var db = database.Open();
        var asset = access.RequireViewable(db, caller, assetId);
        if (asset.OwnerId != caller.UserId)
        {
            return [];
        }
        return faces.OfAsset(db, asset.Id)
            .Select(f => f.PersonId is { } p && people.Find(db, caller.UserId, p) is { } person
                ? new FaceView(f, person, PersonEdit.AgeOn(person.BirthDate, asset.TakenAt))
                : new FaceView(f, null, null))
            .ToList();
    }

    /// <summary>Gives a face to another of the caller's people, or to a new person when <paramref name="personId"/> is null.</summary>
    public PersonSummary Reassign(Caller caller, string faceId, string? personId)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var face = faces.Find(db, caller.UserId, faceId) ?? throw ApiException.NotFound(NoFace);
        var now = time.GetUtcNow();
        var target = personId is null
            ? NewPerson(db, caller, now)
            : people.Find(db, caller.UserId, personId) ?? throw ApiException.NotFound(NoPerson);
        faces.Assign(db, face.Id, target.Id, now);
        people.CoverIfNone(db, target.Id, face.Id, now);
        people.RepairCovers(db, caller.UserId); // the face may have been its old person's cover
        transaction.Commit();
        return people.FindWithCounts(db, caller.UserId, target.Id)!;
    }

    /// <summary>Takes a face away from its person (it stays on the photo, unassigned; clustering leaves a machine face alone until a re-cluster).</summary>
    public void Unassign(Caller caller, string faceId)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var face = faces.Find(db, caller.UserId, faceId) ?? throw ApiException.NotFound(NoFace);
        faces.Assign(db, face.Id, null, time.GetUtcNow());
        people.RepairCovers(db, caller.UserId);
        transaction.Commit();
    }

    /// <summary>Tags a face by hand: a box on one of the caller's photos, assigned to one of their people (source <c>manual</c>, no embedding).</summary>
    public FaceView Tag(Caller caller, string assetId, FaceBox box, string personId)
    {
        if (box.Width <= 0 || box.Height <= 0 || box.ImageWidth <= 0 || box.ImageHeight <= 0 || box.X < 0 || box.Y < 0
            || box.X + box.Width > box.ImageWidth || box.Y + box.Height > box.ImageHeight)
        {
            throw ApiException.BadRequest("The face box must lie inside the image and have a size.");
        }
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var asset = access.RequireOwned(db, caller, assetId);
        var person = people.Find(db, caller.UserId, personId) ?? throw ApiException.NotFound(NoPerson);
        var now = time.GetUtcNow();
        var face = new FaceRecord(0, Guid.CreateVersion7(now).ToString(), asset.Id, caller.UserId, person.Id, box.ImageWidth, box.ImageHeight,
            box.X, box.Y, box.X + box.Width, box.Y + box.Height, 1.0, FaceRecord.Manual, null, null, now, now, 0);
        face = face with { Seq = faces.Insert(db, face) };
        people.CoverIfNone(db, person.Id, face.Id, now);
        transaction.Commit();
        return new FaceView(face, people.Find(db, caller.UserId, person.Id), PersonEdit.AgeOn(person.BirthDate, asset.TakenAt));
    }

    /// <summary>Deletes a face (a wrong detection, a hand-drawn box); its person's cover moves to another face.</summary>
    public void DeleteFace(Caller caller, string faceId)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var face = faces.Find(db, caller.UserId, faceId) ?? throw ApiException.NotFound(NoFace);
        faces.Delete(db, face.Id);
        people.RepairCovers(db, caller.UserId);
        transaction.Commit();
    }

    /// <summary>Re-clusters the caller's faces (named people keep theirs); returns how many faces found a person.</summary>
    public int Recluster(Caller caller, CancellationToken cancel) => upkeep.Recluster(caller.UserId, cancel);

    private PersonRecord NewPerson(SqliteConnection db, Caller caller, DateTimeOffset now)
    {
        var person = new PersonRecord(Guid.CreateVersion7(now).ToString(), caller.UserId, "", null, false, false, null, null, now, now, 0);
        people.Insert(db, person);
        return person;
    }
}
