using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Duplicates;

/// <summary>
/// The duplicate review: a person's groups, resolving one (keep the chosen photos, move the others to the trash — never
/// delete) and dismissing one (not duplicates; the same photos never group again). Only the owner's groups and photos.
/// </summary>
public sealed class DuplicateService(Database database, DuplicateStore store, AssetAccess access, AssetStore assets, IUserNotifier notifier, TimeProvider time)
{
    private const string NoSuchGroup = "There is no such duplicate group.";

    public List<List<DuplicateMember>> List(Caller caller)
    {
        using var db = database.Open();
        return store.ListGroups(db, caller.UserId);
    }

    /// <summary>Largest resolution, then the most metadata, then the largest file; ties go to the earliest capture.</summary>
    public static string SuggestedKeep(IReadOnlyList<DuplicateMember> members) => members
        .OrderByDescending(m => (long)(m.Width ?? 0) * (m.Height ?? 0))
        .ThenByDescending(m => m.MetadataFields)
        .ThenByDescending(m => m.FileSize)
        .First().AssetId;

    /// <summary>Trashes the group's photos that are not kept, and closes the group; all or nothing.</summary>
    /// <param name="trash">The photos to trash, when the caller names them (Immich): they and the kept ones must be the whole group.</param>
    public int Resolve(Caller caller, string groupId, IReadOnlyCollection<string>? keep, IReadOnlyCollection<string>? trash = null)
    {
        List<string> trashed;
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            var members = LiveMembers(db, caller, groupId);
            var kept = Validated(members, keep, "keepAssetIds");
            if (kept.Count == 0)
            {
                throw ApiException.BadRequest("Choose at least one photo to keep (keepAssetIds).");
            }
            trashed = members.Except(kept, StringComparer.Ordinal).ToList();
            if (trash is not null && !Validated(members, trash, "trashAssetIds").SetEquals(trashed))
            {
                throw ApiException.BadRequest("keepAssetIds and trashAssetIds together must name every photo of the group, each once.");
            }
            var now = time.GetUtcNow();
            foreach (var id in trashed)
            {
                access.RequireOwned(db, caller, id); // the rule every change to an asset goes through
                assets.SetDeletedAt(db, id, now, now);
            }
            store.DeleteGroup(db, groupId);
            transaction.Commit();
        }
        if (trashed.Count > 0)
        {
            notifier.AssetsTrashed(caller.UserId, trashed);
        }
        return trashed.Count;
    }

    /// <summary>Not duplicates: the group closes and its photos are never grouped with each other again.</summary>
    public void Dismiss(Caller caller, string groupId)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var members = LiveMembers(db, caller, groupId);
        store.Dismiss(db, members, time.GetUtcNow());
        store.DeleteGroup(db, groupId);
        transaction.Commit();
    }

    /// <summary>The group's photos outside the trash; 404 for a group that is not the caller's (or has closed).</summary>
    private List<string> LiveMembers(Microsoft.Data.Sqlite.SqliteConnection db, Caller caller, string groupId)
    {
        if (!Guid.TryParse(groupId, out _) || !store.Owns(db, caller.UserId, groupId))
        {
            throw ApiException.NotFound(NoSuchGroup);
        }
        return store.ListGroups(db, caller.UserId, groupId).SingleOrDefault()?.ConvertAll(m => m.AssetId) ?? throw ApiException.NotFound(NoSuchGroup);
    }

    private static HashSet<string> Validated(List<string> members, IReadOnlyCollection<string>? ids, string field)
    {
        var set = new HashSet<string>(ids ?? [], StringComparer.Ordinal);
        if (set.Count != (ids?.Count ?? 0))
        {
            throw ApiException.BadRequest($"{field} names a photo twice.");
        }
        if (set.FirstOrDefault(id => !members.Contains(id, StringComparer.Ordinal)) is { } stranger)
        {
            throw ApiException.BadRequest($"{field}: {stranger} is not a photo of this group.");
        }
        return set;
    }
}
