using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Stacks;

/// <summary>A stack with its assets' ids, primary first.</summary>
public sealed record StackView(StackRecord Stack, List<string> AssetIds);

/// <summary>
/// Stacks by hand (docs/stacks.md): one user's own photos shown as one, the primary as the cover. Both APIs call these;
/// every asset is checked through <see cref="AssetAccess"/> (only the owner stacks, unstacks or sees a stack).
/// </summary>
public sealed class StackService(Database database, StackStore stacks, AssetAccess access, TimeProvider time)
{
    private const string NotFound = "Stack not found.";

    /// <summary>
    /// Stacks the given assets, the first as primary. Assets already in stacks bring their stacks' members along and those
    /// stacks end, as Immich merges them.
    /// </summary>
    public StackView Create(Caller caller, IReadOnlyList<string> assetIds)
    {
        var ids = assetIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count < 2)
        {
            throw ApiException.BadRequest("A stack needs at least two assets.");
        }
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var owned = ids.ConvertAll(id => access.RequireOwned(db, caller, id));
        var merged = owned.Where(a => a.StackId is not null).Select(a => a.StackId!).Distinct(StringComparer.Ordinal).ToList();
        var members = ids.Concat(merged.SelectMany(s => stacks.Members(db, s))).Distinct(StringComparer.Ordinal).ToList();
        merged.ForEach(s => stacks.Delete(db, s));
        var now = time.GetUtcNow();
        var stack = new StackRecord(Guid.CreateVersion7(now).ToString(), caller.UserId, ids[0], false, now, now, 0);
        stacks.Insert(db, stack, members);
        transaction.Commit();
        return View(db, stack);
    }

    public StackView Get(Caller caller, string id)
    {
        using var db = database.Open();
        return View(db, Require(db, caller, id));
    }

    public List<StackView> Search(Caller caller, string? primaryAssetId)
    {
        using var db = database.Open();
        return stacks.List(db, caller.UserId, primaryAssetId).ConvertAll(s => View(db, s));
    }

    /// <summary>Makes another member the cover.</summary>
    public StackView SetPrimary(Caller caller, string id, string? primaryAssetId)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var stack = Require(db, caller, id);
        if (primaryAssetId is not null && primaryAssetId != stack.PrimaryAssetId)
        {
            if (!stacks.Members(db, id).Contains(primaryAssetId))
            {
                throw ApiException.BadRequest("The primary asset must be one of the stack's assets.");
            }
            stacks.SetPrimary(db, id, primaryAssetId, time.GetUtcNow());
        }
        transaction.Commit();
        return View(db, Require(db, caller, id));
    }

    /// <summary>Unstacks: every member shows on its own again.</summary>
    public void Delete(Caller caller, string id)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        stacks.Delete(db, Require(db, caller, id).Id);
        transaction.Commit();
    }

    /// <summary>Unstacks several; all or none (one that is not the caller's is a 404 and nothing changes).</summary>
    public void DeleteMany(Caller caller, IReadOnlyList<string> ids)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        ids.Distinct(StringComparer.Ordinal).Select(id => Require(db, caller, id)).ToList().ForEach(s => stacks.Delete(db, s.Id));
        transaction.Commit();
    }

    /// <summary>Takes one asset out; a stack left with one asset ends, and a removed primary passes the cover on.</summary>
    public void RemoveAsset(Caller caller, string id, string assetId)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var stack = Require(db, caller, id);
        var members = stacks.Members(db, id);
        if (!members.Remove(assetId))
        {
            throw ApiException.BadRequest("The asset is not in this stack.");
        }
        stacks.Leave(db, assetId);
        if (members.Count < 2)
        {
            stacks.Delete(db, id);
        }
        else if (stack.PrimaryAssetId == assetId)
        {
            stacks.SetPrimary(db, id, members[0], time.GetUtcNow());
        }
        transaction.Commit();
    }

    private StackRecord Require(Microsoft.Data.Sqlite.SqliteConnection db, Caller caller, string id) =>
        (Guid.TryParse(id, out _) ? stacks.Find(db, caller.UserId, id) : null) ?? throw ApiException.NotFound(NotFound);

    private StackView View(Microsoft.Data.Sqlite.SqliteConnection db, StackRecord stack) =>
        new(stacks.Find(db, stack.OwnerId, stack.Id) ?? stack, stacks.Members(db, stack.Id));
}
