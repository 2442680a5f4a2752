using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.People;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Memories;

/// <summary>A memory with the ids of its photos that may be shown (never trashed, hidden or locked), in capture order.</summary>
public sealed record MemoryView(MemoryRecord Memory, List<string> AssetIds);

/// <summary>What a hand-made memory (Immich's POST /memories) or an edit carries; null fields stay as they are.</summary>
public sealed record MemoryEdit(bool? IsSaved = null, DateTimeOffset? MemoryAt = null, DateTimeOffset? SeenAt = null);

/// <summary>
/// The memories API's rules (docs/memories.md): a memory is its owner's only; photos added to one must be the owner's.
/// Both APIs call these; <see cref="OnThisDay"/> makes the automatic ones.
/// </summary>
public sealed class MemoryService(Database database, MemoryStore memories, AssetAccess access, OnThisDay onThisDay, TimeProvider time)
{
    private const string NotFound = "Memory not found.";

    public List<MemoryView> Search(Caller caller, MemoryQuery query)
    {
        using var db = database.Open();
        return memories.Search(db, caller.UserId, query).ConvertAll(m => View(db, m));
    }

    public MemoryView Get(Caller caller, string id)
    {
        using var db = database.Open();
        return View(db, Require(db, caller, id));
    }

    public MemoryView Create(Caller caller, int year, DateTimeOffset memoryAt, IEnumerable<string> assetIds, MemoryEdit edit, DateTimeOffset? showAt, DateTimeOffset? hideAt)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var memory = new MemoryRecord(Guid.CreateVersion7(now).ToString(), caller.UserId, "on_this_day", year, memoryAt, showAt, hideAt, edit.SeenAt,
            edit.IsSaved ?? false, now, now, 0);
        memories.Insert(db, memory);
        access.OwnedAmong(db, caller, assetIds).ForEach(a => memories.AddAsset(db, memory.Id, caller.UserId, a));
        transaction.Commit();
        return View(db, Require(db, caller, memory.Id));
    }

    public MemoryView Update(Caller caller, string id, MemoryEdit edit)
    {
        using var db = database.Open();
        var memory = Require(db, caller, id);
        memories.Update(db, memory with
        {
            IsSaved = edit.IsSaved ?? memory.IsSaved,
            MemoryAt = edit.MemoryAt ?? memory.MemoryAt,
            SeenAt = edit.SeenAt ?? memory.SeenAt,
        }, time.GetUtcNow());
        return View(db, Require(db, caller, id));
    }

    public void Delete(Caller caller, string id)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        memories.Delete(db, Require(db, caller, id).Id);
        transaction.Commit();
    }

    /// <summary>Adds the caller's own photos; each id's outcome as Immich reports it (duplicate, no_permission).</summary>
    public List<BulkOutcome> AddAssets(Caller caller, string id, IReadOnlyList<string> assetIds) => ChangeAssets(caller, id, assetIds, (db, memory, assetId) =>
        access.OwnedAmong(db, caller, [assetId]).Count == 0 ? "no_permission"
        : memories.AddAsset(db, memory.Id, caller.UserId, assetId) ? null : "duplicate");

    public List<BulkOutcome> RemoveAssets(Caller caller, string id, IReadOnlyList<string> assetIds) => ChangeAssets(caller, id, assetIds, (db, memory, assetId) =>
        memories.RemoveAsset(db, memory.Id, assetId) ? null : "not_found");

    /// <summary>Builds today's memories now: an admin's for everyone, anyone else's for themselves.</summary>
    public int BuildToday(Caller caller) => caller.IsAdmin ? onThisDay.BuildToday() : onThisDay.BuildToday(caller.UserId);

    private List<BulkOutcome> ChangeAssets(Caller caller, string id, IReadOnlyList<string> assetIds, Func<SqliteConnection, MemoryRecord, string, string?> change)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var memory = Require(db, caller, id);
        var outcomes = assetIds.Distinct(StringComparer.Ordinal).Select(a => change(db, memory, a) is { } error ? new BulkOutcome(a, false, error) : new BulkOutcome(a, true, null)).ToList();
        if (outcomes.Any(o => o.Success))
        {
            memories.Update(db, memory, time.GetUtcNow()); // updatedAt moves, and phones hear of it
        }
        transaction.Commit();
        return outcomes;
    }

    private MemoryRecord Require(SqliteConnection db, Caller caller, string id) =>
        (Guid.TryParse(id, out _) ? memories.Find(db, caller.UserId, id) : null) ?? throw ApiException.NotFound(NotFound);

    private MemoryView View(SqliteConnection db, MemoryRecord memory) => new(memory, memories.ShownAssets(db, memory.Id));
}
