using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// The one place that decides who may see or change an asset. Owners may do everything; household members an
/// album is shared with may view the album's assets (not trashed ones), and so may a partner the owner shares their
/// library with (docs/partners.md); a public share link reaches exactly the
/// assets of its album or selection. Everything else is "not found", never "forbidden", so ids cannot be probed.
/// A locked asset (the locked folder) is its owner's alone, and only while their session is unlocked.
/// </summary>
public sealed class AssetAccess(AssetStore assets, LockedFolder.LockedFolderGate locked)
{
    private const string NotFound = "Asset not found.";

    /// <summary>Changing, trashing or deleting: the caller must own the asset.</summary>
    public AssetRecord RequireOwned(SqliteConnection db, Caller caller, string id)
    {
        RequireValidId(id);
        return RequireOpen(caller, assets.FindOwned(db, caller.UserId, id) ?? throw ApiException.NotFound(NotFound));
    }

    /// <summary>
    /// The video an upload names as its Live Photo half (<c>livePhotoVideoId</c>): linking changes it, so the caller must own
    /// it, and it must be an untrashed video. Immich answers 400 for anything else, as here.
    /// </summary>
    public AssetRecord RequireOwnedLiveVideo(SqliteConnection db, Caller caller, string id)
    {
        var video = Guid.TryParse(id, out _) ? assets.FindOwned(db, caller.UserId, id) : null;
        return video is { Type: AssetType.Video, DeletedAt: null }
            ? video
            : throw ApiException.BadRequest("Not found or no asset.update access: livePhotoVideoId must name one of your videos.");
    }

    /// <summary>Viewing and downloading: the owner, a member of an album that holds the (untrashed) asset, or the owner's partner.</summary>
    public AssetRecord RequireViewable(SqliteConnection db, Caller caller, string id)
    {
        RequireValidId(id);
        var ownerId = db.Scalar<string>(
            $"""
            SELECT a.owner_id FROM assets a
            WHERE a.id = $id AND (a.owner_id = $user OR (a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql} AND EXISTS (
                SELECT 1 FROM album_assets aa WHERE aa.asset_id = a.id AND aa.album_id IN (SELECT album_id FROM album_viewers WHERE user_id = $user)))
                OR (a.deleted_at IS NULL AND {Partners.PartnerStore.SharedWithUserSql}));
            """,
            ("$id", id), ("$user", caller.UserId));
        return RequireOpen(caller, Load(db, ownerId, id));
    }

    /// <summary>Through a public link: only assets in the link's selection or album, never trashed ones.</summary>
    public AssetRecord RequireInSharedLink(SqliteConnection db, string linkId, string id)
    {
        RequireValidId(id);
        var ownerId = db.Scalar<string>(
            $"""
            SELECT a.owner_id FROM assets a JOIN shared_links l ON l.id = $link
            WHERE a.id = $id AND a.deleted_at IS NULL AND a.{AssetVisibilities.ListedSql} AND (
                EXISTS (SELECT 1 FROM shared_link_assets s WHERE s.link_id = l.id AND s.asset_id = a.id)
                OR (l.type = 'album' AND EXISTS (SELECT 1 FROM album_assets aa WHERE aa.album_id = l.album_id AND aa.asset_id = a.id)));
            """,
            ("$id", id), ("$link", linkId));
        return Load(db, ownerId, id);
    }

    /// <summary>
    /// Filters ids down to those the caller owns (adding to albums and links works only on one's own photos); locked
    /// ones only with <paramref name="includeLocked"/> and an unlocked session (they go into no album or link).
    /// </summary>
    public List<string> OwnedAmong(SqliteConnection db, Caller caller, IEnumerable<string> ids, bool includeLocked = false)
    {
        var withLocked = includeLocked && locked.IsUnlocked(caller);
        return ids.Where(id => Guid.TryParse(id, out _)).Distinct(StringComparer.Ordinal)
            .Where(id => assets.FindOwned(db, caller.UserId, id) is { DeletedAt: null } asset && (withLocked || asset.Visibility != AssetVisibility.Locked))
            .ToList();
    }

    /// <summary>A locked asset only while the caller's session holds the locked folder open.</summary>
    private AssetRecord RequireOpen(Caller caller, AssetRecord asset)
    {
        if (asset.Visibility == AssetVisibility.Locked)
        {
            locked.RequireUnlocked(caller);
        }
        return asset;
    }

    private AssetRecord Load(SqliteConnection db, string? ownerId, string id) =>
        (ownerId is null ? null : assets.FindOwned(db, ownerId, id)) ?? throw ApiException.NotFound(NotFound);

    private static void RequireValidId(string id)
    {
        if (!Guid.TryParse(id, out _))
        {
            throw ApiException.BadRequest($"'{id}' is not a valid asset id.");
        }
    }
}
