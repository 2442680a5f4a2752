using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Partners;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// A partner's asset with its change number: the newer of the asset's own and of the share's start (so a new share sends
/// the whole library once). <paramref name="Shared"/> is false when the share does not reach it (hidden, locked, taken
/// before the share's start): phones drop it.
/// </summary>
public sealed record PartnerAssetChange(AssetChange Change, bool Shared);

/// <summary>Change tracking of the assets partners share with a user (migration 0038), for phones' sync streams.</summary>
public sealed partial class AssetStore
{
    /// <summary>SQL: the shares <c>$user</c> receives, as <c>p</c> (only columns assets do not have, so theirs stay unqualified).</summary>
    private const string SharesReceived = "(SELECT shared_by_id, created_seq, share_from FROM partners WHERE shared_with_id = $user)";

    public List<PartnerAssetChange> PartnerChangedSince(SqliteConnection db, string userId, long afterSeq, int limit) => db.Query(
        $"""
        SELECT {Columns}, max(a.update_seq, p.created_seq) AS seq, a.local_taken_at, {PartnerStore.SharedThroughSql}
        FROM {SharesReceived} p JOIN assets a ON a.owner_id = p.shared_by_id
        WHERE max(a.update_seq, p.created_seq) > $after ORDER BY seq LIMIT $limit;
        """,
        r => new PartnerAssetChange(MapChange(r), r.GetBoolean(ColumnCount + 2)), ("$user", userId), ("$after", afterSeq), ("$limit", limit));

    /// <summary>Metadata of the partners' assets the shares reach; the row's number is the newer of its own and the share's start.</summary>
    public List<AssetMetadataRow> PartnerMetadataChangedSince(SqliteConnection db, string userId, long afterSeq, int limit) => db.Query(
        $"""
        SELECT {MetadataColumns}, max(m.update_seq, p.created_seq) AS seq
        FROM {SharesReceived} p JOIN assets a ON a.owner_id = p.shared_by_id JOIN asset_metadata m ON m.asset_id = a.id
        WHERE {PartnerStore.SharedThroughSql} AND max(m.update_seq, p.created_seq) > $after ORDER BY seq LIMIT $limit;
        """,
        MapMetadata, ("$user", userId), ("$after", afterSeq), ("$limit", limit));

    /// <summary>What the user's phones must drop of their partners' libraries (<see cref="PartnerStore.LossesSql"/>).</summary>
    public List<AssetDeletion> PartnerDeletedSince(SqliteConnection db, string userId, long afterSeq) => db.Query(
        PartnerStore.LossesSql("asset_deletions", "asset_id", "assets"), r => new AssetDeletion(r.GetString(0), r.GetInt64(1)), ("$user", userId), ("$after", afterSeq));
}
