using PiVault.Server.Data;

namespace PiVault.Server.Features.Albums;

/// <summary>
/// Albums' change feed (migrations 0005 and 0006) for phones' sync: what changed after a change number in the albums a
/// user sees, their own and those shared with them, read in the caller's <see cref="ReadSnapshot"/>.
/// </summary>
public sealed partial class AlbumService
{
    public List<AlbumChange> ChangedSince(ReadSnapshot snapshot, string userId, long after, int limit) =>
        albums.ChangedSince(snapshot.Connection, userId, after, limit);

    /// <summary>Albums gone for the user: their own deleted ones and every membership of theirs that ended.</summary>
    public List<AlbumDeletion> DeletedSince(ReadSnapshot snapshot, string userId, long after, int limit) =>
        albums.DeletedSince(snapshot.Connection, userId, after, limit);

    public List<AlbumUserChange> UsersChangedSince(ReadSnapshot snapshot, string userId, long after, int limit) =>
        albums.UsersChangedSince(snapshot.Connection, userId, after, limit);

    public List<AlbumUserDeletion> UsersRemovedSince(ReadSnapshot snapshot, string userId, long after, int limit) =>
        albums.UsersRemovedSince(snapshot.Connection, userId, after, limit);

    public List<AlbumAssetChange> AssetsAddedSince(ReadSnapshot snapshot, string userId, long after, int limit) =>
        albums.AssetsAddedSince(snapshot.Connection, userId, after, limit);

    public List<AlbumAssetChange> AssetsRemovedSince(ReadSnapshot snapshot, string userId, long after, int limit) =>
        albums.AssetsRemovedSince(snapshot.Connection, userId, after, limit);
}
