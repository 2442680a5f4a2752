using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.People;

/// <summary>A face on a photo with its person, as the viewer shows it; <see cref="Age"/> is the person's age on the photo's date.</summary>
public sealed record FaceView(FaceRecord Face, PersonRecord? Person, int? Age);

/// <summary>One id of a bulk request and how it went (Immich's <c>BulkIdResponseDto</c>).</summary>
public sealed record BulkOutcome(string Id, bool Success, string? Error);

/// <summary>
/// The person rules behind both APIs. People and faces are per user: every read and change is the caller's own, and a
/// photo someone sees through a shared album shows none of its owner's faces or people. Each change keeps counts,
/// covers and photos consistent in one transaction (a person's cover is always one of their faces, or none).
/// </summary>
public sealed partial class PeopleService(
    Database database, PersonStore people, FaceStore faces, AssetAccess access, PeopleUpkeep upkeep, TimeProvider time)
{
    public const int DefaultPageSize = 500;

    private const string NoPerson = "Person not found.";
    private const string NoFace = "Face not found.";

    /// <summary>A page of the caller's people (named ones and those in enough photos), with the totals Immich's list carries.</summary>
    public (List<PersonSummary> People, long Total, long Hidden, bool HasNextPage) List(Caller caller, bool withHidden, int? page, int? size)
    {
        var request = PageRequest.From(page, size, DefaultPageSize);
        using var db = database.Open();
        var found = people.List(db, caller.UserId, withHidden, ClusteringRules.Default.MinFaces, (int)request.Offset, request.Size + 1);
        var (total, hidden) = people.CountListed(db, caller.UserId, ClusteringRules.Default.MinFaces);
        return (found.Take(request.Size).ToList(), total, hidden, found.Count > request.Size);
    }

    public PersonSummary Get(Caller caller, string id)
    {
        using var db = database.Open();
        return people.FindWithCounts(db, caller.UserId, id) ?? throw ApiException.NotFound(NoPerson);
    }

    /// <summary>People whose name starts with (a word starting with) <paramref name="name"/>.</summary>
    public List<PersonSummary> SearchByName(Caller caller, string name, bool withHidden)
    {
        using var db = database.Open();
        return string.IsNullOrWhiteSpace(name) ? [] : people.SearchByName(db, caller.UserId, name.Trim(), withHidden, 100);
    }

    /// <summary>A person without faces yet (to tag faces with by hand).</summary>
    public PersonSummary Create(Caller caller, PersonEdit edit)
    {
        var now = time.GetUtcNow();
        var person = edit.ApplyTo(new PersonRecord(Guid.CreateVersion7(now).ToString(), caller.UserId, "", null, false, false, null, null, now, now, 0), Today());
        using var db = database.Open();
        people.Insert(db, person);
        return people.FindWithCounts(db, caller.UserId, person.Id)!;
    }

    /// <summary>Renames, dates, hides, favourites or re-covers a person.</summary>
    public PersonSummary Update(Caller caller, string id, PersonEdit edit)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        Apply(db, caller, id, edit);
        transaction.Commit();
        return people.FindWithCounts(db, caller.UserId, id)!;
    }

    /// <summary>Immich's bulk update: each person on its own; an unknown id or bad value fails only that one.</summary>
    public List<BulkOutcome> UpdateMany(Caller caller, IReadOnlyList<(string Id, PersonEdit Edit)> edits)
    {
        using var db = database.Open();
        var outcomes = new List<BulkOutcome>();
        foreach (var (id, edit) in edits)
        {
            using var transaction = db.BeginTransaction();
            try
            {
                Apply(db, caller, id, edit);
                transaction.Commit();
                outcomes.Add(new BulkOutcome(id, true, null));
            }
            catch (ApiException e)
            {
                outcomes.Add(new BulkOutcome(id, false, e.Status == 404 ? "not_found" : "unknown"));
            }
        }
        return outcomes;
    }

    /// <summary>How many of the caller's photos (not in the trash) the person is in.</summary>
    public long PhotoCount(Caller caller, string id) => Get(caller, id).Photos;

    /// <summary>
    /// Merges <paramref name="mergedIds"/> into <paramref name="targetId"/>: their faces move to the target, the target
    /// takes a name and birthday it lacks from them, and they are deleted. The target keeps its cover (or gets one).
    /// </summary>
    public List<BulkOutcome> Merge(Caller caller, string targetId, IReadOnlyList<string> mergedIds)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var target = people.Find(db, caller.UserId, targetId) ?? throw ApiException.NotFound(NoPerson);
        var now = time.GetUtcNow();
        var outcomes = new List<BulkOutcome>();
        foreach (var id in mergedIds.Distinct(StringComparer.Ordinal))
        {
            if (id == targetId)
            {
                throw ApiException.BadRequest("A person cannot be merged into themselves.");
            }
            if (people.Find(db, caller.UserId, id) is not { } merged)
            {
                outcomes.Add(new BulkOutcome(id, false, "not_found"));
                continue;
            }
            faces.MoveAll(db, merged.Id, target.Id, now);
            target = target with
            {
                Name = target.Name.Length > 0 ? target.Name : merged.Name,
                BirthDate = target.BirthDate ?? merged.BirthDate,
                CoverFaceId = target.CoverFaceId ?? merged.CoverFaceId,
            };
            people.Delete(db, merged.Id);
            outcomes.Add(new BulkOutcome(id, true, null));
        }
        people.Update(db, target, now);
        people.RepairCovers(db, caller.UserId);
        transaction.Commit();
        return outcomes;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private void Apply(SqliteConnection db, Caller caller, string id, PersonEdit edit)
    {
        var person = people.Find(db, caller.UserId, id) ?? throw ApiException.NotFound(NoPerson);
        var changed = edit.ApplyTo(person, Today());
        if (edit.CoverAssetId is { } assetId)
        {
            var cover = faces.OfAsset(db, assetId).FirstOrDefault(f => f.PersonId == person.Id && f.OwnerId == caller.UserId)
                ?? throw ApiException.BadRequest("The person has no face on that photo.");
            changed = changed with { CoverFaceId = cover.Id };
        }
        people.Update(db, changed, time.GetUtcNow());
    }
}
