using PiVault.Server.Data;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// Assets' change feed (migrations 0004 and 0006) for clients that keep their own copy of the library (phones' sync):
/// keyset pages after a change number, read in the caller's <see cref="ReadSnapshot"/> so that the pages of several
/// feeds agree.
/// </summary>
public sealed partial class AssetService
{
    /// <summary>The highest change number handed out so far (of every feed: one sequence).</summary>
    public long LatestChange(ReadSnapshot snapshot) => assets.CurrentSeq(snapshot.Connection);

    /// <summary>Everything the user stores, trash included, in bytes.</summary>
    public long UsageBytes(ReadSnapshot snapshot, string ownerId) => assets.Statistics(snapshot.Connection, ownerId, trashed: null).Bytes;

    /// <summary>The owner's assets changed after <paramref name="afterSeq"/>, oldest change first.</summary>
    public List<AssetChange> ChangedSince(ReadSnapshot snapshot, string ownerId, long afterSeq, int limit) =>
        assets.ChangedSince(snapshot.Connection, ownerId, afterSeq, limit);

    /// <summary>What the user's copies must drop: own assets deleted for good, others' they can no longer see.</summary>
    public List<AssetDeletion> DeletedSince(ReadSnapshot snapshot, string userId, long afterSeq, int limit) =>
        assets.DeletedSince(snapshot.Connection, userId, afterSeq, limit);

    public List<AssetMetadataRow> MetadataChangedSince(ReadSnapshot snapshot, string ownerId, long afterSeq, int limit) =>
        assets.MetadataChangedSince(snapshot.Connection, ownerId, afterSeq, limit);

    /// <summary>Other users' assets in the albums the user sees, newly linked there or changed.</summary>
    public List<SharedAssetChange> SharedChangedSince(ReadSnapshot snapshot, string userId, long afterSeq, int limit) =>
        assets.SharedChangedSince(snapshot.Connection, userId, afterSeq, limit);

    public List<(AssetMetadataRow Row, bool MetadataChanged)> SharedMetadataChangedSince(ReadSnapshot snapshot, string userId, long afterSeq, int limit) =>
        assets.SharedMetadataChangedSince(snapshot.Connection, userId, afterSeq, limit);

    /// <summary>The assets partners share with the user, newly shared or changed (unshared ones marked, for phones to drop).</summary>
    public List<PartnerAssetChange> PartnerChangedSince(ReadSnapshot snapshot, string userId, long afterSeq, int limit) =>
        assets.PartnerChangedSince(snapshot.Connection, userId, afterSeq, limit);

    public List<AssetMetadataRow> PartnerMetadataChangedSince(ReadSnapshot snapshot, string userId, long afterSeq, int limit) =>
        assets.PartnerMetadataChangedSince(snapshot.Connection, userId, afterSeq, limit);

    public List<AssetDeletion> PartnerDeletedSince(ReadSnapshot snapshot, string userId, long afterSeq) =>
        assets.PartnerDeletedSince(snapshot.Connection, userId, afterSeq);
}
