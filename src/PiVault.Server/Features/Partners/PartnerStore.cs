using Microsoft.Data.Sqlite;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Partners;

/// <summary>One user sharing their library with another (migration 0038).</summary>
public sealed record PartnerRecord(
    string SharedById, string SharedWithId, bool InTimeline, DateTimeOffset? ShareFrom, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long Seq);

public sealed record PartnerDeletion(string SharedById, string SharedWithId, long Seq);

/// <summary>SQL for <c>partners</c>, and the one rule of which of a partner's assets a sharee sees.</summary>
public sealed class PartnerStore
{
    /// <summary>
    /// SQL, true when the asset row <c>a</c> reaches the user in the parameter <paramref name="user"/> through a partner
    /// share: the owner shares with them (and, with <paramref name="inTimelineOnly"/>, the user shows that partner in their
    /// timeline), the asset was taken on or after the share's start, and it is in the timeline or the archive — never hidden
    /// or locked. Trash is the callers' business. The one statement of this rule.
    /// </summary>
    public static string SharedWithSql(string user, bool inTimelineOnly = false) =>
        $"""
        EXISTS (SELECT 1 FROM partners p
            WHERE p.shared_by_id = a.owner_id AND p.shared_with_id = {user}{(inTimelineOnly ? " AND p.in_timeline = 1" : "")} AND {SharedThroughSql})
        """;

    /// <summary>The same rule for an asset row <c>a</c> already joined with the share <c>p</c> that would reach it.</summary>
    public const string SharedThroughSql = "(a.visibility IN ('timeline', 'archive') AND (p.share_from IS NULL OR a.taken_at >= p.share_from))";

    /// <summary><see cref="SharedWithSql"/> for <c>$user</c>.</summary>
    public static readonly string SharedWithUserSql = SharedWithSql("$user");

    /// <summary>
    /// SQL, <c>(id, seq)</c> rows: what <c>$user</c>'s phones must drop of one kind of partner-owned row after <c>$after</c>,
    /// all at once (an ended share drops a whole library under one change number, so these cannot be paged by it): the
    /// rows a partner deleted (from <paramref name="deletions"/>, its id in <paramref name="deletedId"/>) while sharing, and
    /// every row of <paramref name="table"/> of a partner who stopped sharing.
    /// </summary>
    public static string LossesSql(string deletions, string deletedId, string table) =>
        $"""
        SELECT d.{deletedId}, d.seq FROM {deletions} d
        WHERE d.seq > $after AND d.owner_id IN (SELECT shared_by_id FROM partners WHERE shared_with_id = $user)
        UNION ALL
        SELECT t.id, x.seq FROM partner_deletions x JOIN {table} t ON t.owner_id = x.shared_by_id
        WHERE x.shared_with_id = $user AND x.seq > $after
          AND NOT EXISTS (SELECT 1 FROM partners p WHERE p.shared_by_id = x.shared_by_id AND p.shared_with_id = $user)
        ORDER BY 2;
        """;

    /// <summary>True when the user has a partner whose photos they show in their own timeline.</summary>
    public bool AnyInTimeline(SqliteConnection db, string userId) =>
        db.Scalar<long>("SELECT EXISTS (SELECT 1 FROM partners WHERE shared_with_id = $user AND in_timeline = 1);", ("$user", userId)) == 1;

    private const string Columns = "shared_by_id, shared_with_id, in_timeline, share_from, created_at, updated_at, update_seq";

    /// <summary>False when the share already exists.</summary>
    public bool Insert(SqliteConnection db, PartnerRecord partner) => db.Execute(
        """
        INSERT INTO partners (shared_by_id, shared_with_id, in_timeline, share_from, created_at, updated_at)
        VALUES ($by, $with, $timeline, $from, $now, $now) ON CONFLICT DO NOTHING;
        """,
        ("$by", partner.SharedById), ("$with", partner.SharedWithId), ("$timeline", partner.InTimeline ? 1 : 0),
        ("$from", partner.ShareFrom?.ToDb()), ("$now", partner.CreatedAt.ToDb())) == 1;

    public PartnerRecord? Find(SqliteConnection db, string sharedById, string sharedWithId) => db.QuerySingle(
        $"SELECT {Columns} FROM partners WHERE shared_by_id = $by AND shared_with_id = $with;", Read, ("$by", sharedById), ("$with", sharedWithId));

    /// <summary>The shares the user gives (<paramref name="sharedBy"/>) or receives, oldest first.</summary>
    public List<PartnerRecord> List(SqliteConnection db, string userId, bool sharedBy) => db.Query(
        $"SELECT {Columns} FROM partners WHERE {(sharedBy ? "shared_by_id" : "shared_with_id")} = $user ORDER BY created_at, shared_by_id, shared_with_id;",
        Read, ("$user", userId));

    public void SetInTimeline(SqliteConnection db, string sharedById, string sharedWithId, bool inTimeline, DateTimeOffset now) => db.Execute(
        "UPDATE partners SET in_timeline = $timeline, updated_at = $now WHERE shared_by_id = $by AND shared_with_id = $with AND in_timeline <> $timeline;",
        ("$by", sharedById), ("$with", sharedWithId), ("$timeline", inTimeline ? 1 : 0), ("$now", now.ToDb()));

    public bool Delete(SqliteConnection db, string sharedById, string sharedWithId) => db.Execute(
        "DELETE FROM partners WHERE shared_by_id = $by AND shared_with_id = $with;", ("$by", sharedById), ("$with", sharedWithId)) == 1;

    /// <summary>Shares the user gives or receives that changed after <paramref name="after"/>, oldest change first.</summary>
    public List<PartnerRecord> ChangedSince(ReadSnapshot snapshot, string userId, long after, int limit) => snapshot.Connection.Query(
        $"""
        SELECT {Columns} FROM partners WHERE (shared_by_id = $user OR shared_with_id = $user) AND update_seq > $after
        ORDER BY update_seq LIMIT $limit;
        """,
        Read, ("$user", userId), ("$after", after), ("$limit", limit));

    public List<PartnerDeletion> DeletedSince(ReadSnapshot snapshot, string userId, long after, int limit) => snapshot.Connection.Query(
        """
        SELECT shared_by_id, shared_with_id, seq FROM partner_deletions WHERE (shared_by_id = $user OR shared_with_id = $user) AND seq > $after
        ORDER BY seq LIMIT $limit;
        """,
        r => new PartnerDeletion(r.GetString(0), r.GetString(1), r.GetInt64(2)), ("$user", userId), ("$after", after), ("$limit", limit));

    private static PartnerRecord Read(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt64(2) != 0, r.IsDBNull(3) ? null : r.GetTime(3), r.GetTime(4), r.GetTime(5), r.GetInt64(6));
}
