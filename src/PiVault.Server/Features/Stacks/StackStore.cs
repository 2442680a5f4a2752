using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Stacks;

public sealed record StackRecord(string Id, string OwnerId, string PrimaryAssetId, bool IsAuto, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Seq);

/// <summary>A deleted stack, by the change number its deletion audit gave it.</summary>
public sealed record StackDeletion(string StackId, long Seq);

/// <summary>SQL for <c>stacks</c> and the assets' <c>stack_id</c> (migration 0037).</summary>
public sealed class StackStore
{
    private const string Columns = "id, owner_id, primary_asset_id, is_auto, created_at, updated_at, update_seq";

    public void Insert(SqliteConnection db, StackRecord stack, IEnumerable<string> assetIds)
    {
        db.Execute(
            "INSERT INTO stacks (id, owner_id, primary_asset_id, is_auto, created_at, updated_at) VALUES ($id, $owner, $primary, $auto, $now, $now);",
            ("$id", stack.Id), ("$owner", stack.OwnerId), ("$primary", stack.PrimaryAssetId), ("$auto", stack.IsAuto ? 1 : 0), ("$now", stack.CreatedAt.ToDb()));
        foreach (var assetId in assetIds)
        {
            Join(db, stack.Id, assetId);
        }
    }

    /// <summary>Puts an asset into a stack (its row changes, so phones get the new <c>stackId</c>).</summary>
    public void Join(SqliteConnection db, string stackId, string assetId) =>
        db.Execute("UPDATE assets SET stack_id = $stack WHERE id = $asset AND stack_id IS NOT $stack;", ("$stack", stackId), ("$asset", assetId));

    public void Leave(SqliteConnection db, string assetId) =>
        db.Execute("UPDATE assets SET stack_id = NULL WHERE id = $asset AND stack_id IS NOT NULL;", ("$asset", assetId));

    public void SetPrimary(SqliteConnection db, string stackId, string primaryAssetId, DateTimeOffset now) => db.Execute(
        "UPDATE stacks SET primary_asset_id = $primary, updated_at = $now WHERE id = $id;", ("$id", stackId), ("$primary", primaryAssetId), ("$now", now.ToDb()));

    /// <summary>Releases the members first (their rows change for phones), then the stack (its deletion audit).</summary>
    public void Delete(SqliteConnection db, string stackId)
    {
        db.Execute("UPDATE assets SET stack_id = NULL WHERE stack_id = $id;", ("$id", stackId));
        db.Execute("DELETE FROM stacks WHERE id = $id;", ("$id", stackId));
    }

    public StackRecord? Find(SqliteConnection db, string ownerId, string id) =>
        db.QuerySingle($"SELECT {Columns} FROM stacks WHERE id = $id AND owner_id = $owner;", Read, ("$id", id), ("$owner", ownerId));

    public List<StackRecord> List(SqliteConnection db, string ownerId, string? primaryAssetId) => db.Query(
        $"SELECT {Columns} FROM stacks WHERE owner_id = $owner AND ($primary IS NULL OR primary_asset_id = $primary) ORDER BY created_at, id;",
        Read, ("$owner", ownerId), ("$primary", primaryAssetId));

    /// <summary>The stack's assets, primary first, then by capture time (trashed ones too: they come back with a restore).</summary>
    public List<string> Members(SqliteConnection db, string stackId) => db.Query(
        """
        SELECT a.id FROM assets a JOIN stacks s ON s.id = a.stack_id WHERE a.stack_id = $id
        ORDER BY a.id = s.primary_asset_id DESC, a.taken_at, a.original_file_name, a.id;
        """,
        r => r.GetString(0), ("$id", stackId));

    public List<StackRecord> ChangedSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        $"SELECT {Columns} FROM stacks WHERE owner_id = $owner AND update_seq > $after ORDER BY update_seq LIMIT $limit;",
        Read, ("$owner", ownerId), ("$after", after), ("$limit", limit));

    public List<StackDeletion> DeletedSince(ReadSnapshot snapshot, string ownerId, long after, int limit) => snapshot.Connection.Query(
        "SELECT stack_id, seq FROM stack_deletions WHERE owner_id = $owner AND seq > $after ORDER BY seq LIMIT $limit;",
        r => new StackDeletion(r.GetString(0), r.GetInt64(1)), ("$owner", ownerId), ("$after", after), ("$limit", limit));

    /// <summary>
    /// The stacks of the partners who share their library with <paramref name="userId"/> (docs/partners.md), each with the
    /// newer of its own change number and the share's start number, so a new share sends them all once.
    /// </summary>
    public List<StackRecord> PartnerChangedSince(ReadSnapshot snapshot, string userId, long after, int limit) => snapshot.Connection.Query(
        """
        SELECT s.id, s.owner_id, s.primary_asset_id, s.is_auto, s.created_at, s.updated_at, max(s.update_seq, p.created_seq) AS seq
        FROM (SELECT shared_by_id, created_seq FROM partners WHERE shared_with_id = $user) p JOIN stacks s ON s.owner_id = p.shared_by_id
        WHERE max(s.update_seq, p.created_seq) > $after ORDER BY seq LIMIT $limit;
        """,
        Read, ("$user", userId), ("$after", after), ("$limit", limit));

    /// <summary>Partners' stacks the user's phones must drop (<see cref="Partners.PartnerStore.LossesSql"/>).</summary>
    public List<StackDeletion> PartnerDeletedSince(ReadSnapshot snapshot, string userId, long after) => snapshot.Connection.Query(
        Partners.PartnerStore.LossesSql("stack_deletions", "stack_id", "stacks"), r => new StackDeletion(r.GetString(0), r.GetInt64(1)),
        ("$user", userId), ("$after", after));

    private static StackRecord Read(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) != 0, r.GetTime(4), r.GetTime(5), r.GetInt64(6));
}
