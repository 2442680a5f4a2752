using PiVault.Server.Features.Albums;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Albums in the sync stream: the user's own and those shared with them (owner and members as AlbumUsers, other users'
/// assets as AlbumAssets with their EXIF, the album-to-asset links), with the deletions that undo each.
/// </summary>
public sealed partial class ImmichSyncService
{
    private async Task StreamSharedAlbumsAsync(SyncContext stream, HashSet<string> types)
    {
        if (types.Contains("AlbumAssetsV2") || types.Contains("AlbumAssetsV1"))
        {
            await StreamAlbumAssetsAsync(stream, types.Contains("AlbumAssetsV2"));
        }
        if (types.Contains("AlbumAssetExifsV1"))
        {
            await StreamAlbumAssetExifAsync(stream);
        }
        if (types.Contains("AlbumsV2") || types.Contains("AlbumsV1"))
        {
            await StreamAlbumsAsync(stream, types.Contains("AlbumsV2") ? AlbumV2 : AlbumV1);
        }
        if (types.Contains("AlbumUsersV1"))
        {
            await StreamAlbumUsersAsync(stream);
        }
        if (types.Contains("AlbumToAssetsV1"))
        {
            await StreamAlbumToAssetsAsync(stream);
        }
    }

    /// <summary>
    /// Other users' assets in albums the user sees: "create" when a link or a new membership brought the asset, "update"
    /// when the asset itself changed (the app stores both alike). Losing them arrives as AssetDeleteV1, with the user's own.
    /// </summary>
    private Task StreamAlbumAssetsAsync(SyncContext stream, bool v2)
    {
        var ackType = v2 ? AlbumAssetCreateV2 : AlbumAssetCreateV1;
        var updateType = v2 ? AlbumAssetUpdateV2 : AlbumAssetUpdateV1;
        return stream.PagesAsync(after => assets.SharedChangedSince(stream.Snapshot, stream.UserId, after, PageSize), s => s.Change.Seq, ackType,
            s => WriteAsset(stream, s.AssetChanged ? updateType : ackType, ackType, s.Change));
    }

    private Task StreamAlbumAssetExifAsync(SyncContext stream) =>
        stream.PagesAsync(after => assets.SharedMetadataChangedSince(stream.Snapshot, stream.UserId, after, PageSize), m => m.Row.Seq, AlbumAssetExifCreateV1,
            m => stream.Lines.Write(m.MetadataChanged ? AlbumAssetExifUpdateV1 : AlbumAssetExifCreateV1, ImmichMapper.Exif(m.Row),
                PiVaultJsonContext.Default.SyncAssetExifV1, Ack(AlbumAssetExifCreateV1, m.Row.Seq)));

    private async Task StreamAlbumsAsync(SyncContext stream, string albumType)
    {
        await stream.PagesAsync(after => albums.DeletedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, AlbumDeleteV1,
            d => stream.Lines.Write(AlbumDeleteV1, new SyncAlbumDeleteV1(d.AlbumId), PiVaultJsonContext.Default.SyncAlbumDeleteV1, Ack(AlbumDeleteV1, d.Seq)));
        await stream.PagesAsync(after => albums.ChangedSince(stream.Snapshot, stream.UserId, after, PageSize), c => c.Seq, albumType, change =>
        {
            var (a, seq) = change;
            if (albumType == AlbumV2)
            {
                stream.Lines.Write(AlbumV2, new SyncAlbumV2(a.CreatedAt, a.Description, a.Id, false, a.Name, "desc", a.CoverAssetId, a.UpdatedAt),
                    PiVaultJsonContext.Default.SyncAlbumV2, Ack(AlbumV2, seq));
            }
            else
            {
                stream.Lines.Write(AlbumV1, new SyncAlbumV1(a.CreatedAt, a.Description, a.Id, false, a.Name, "desc", a.OwnerId, a.CoverAssetId, a.UpdatedAt),
                    PiVaultJsonContext.Default.SyncAlbumV1, Ack(AlbumV1, seq));
            }
        });
    }

    private async Task StreamAlbumUsersAsync(SyncContext stream)
    {
        await stream.PagesAsync(after => albums.UsersRemovedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, AlbumUserDeleteV1,
            d => stream.Lines.Write(AlbumUserDeleteV1, new SyncAlbumUserDeleteV1(d.AlbumId, d.UserId),
                PiVaultJsonContext.Default.SyncAlbumUserDeleteV1, Ack(AlbumUserDeleteV1, d.Seq)));
        await stream.PagesAsync(after => albums.UsersChangedSince(stream.Snapshot, stream.UserId, after, PageSize), u => u.Seq, AlbumUserV1,
            u => stream.Lines.Write(AlbumUserV1, new SyncAlbumUserV1(u.AlbumId, u.Role, u.UserId), PiVaultJsonContext.Default.SyncAlbumUserV1, Ack(AlbumUserV1, u.Seq)));
    }

    private async Task StreamAlbumToAssetsAsync(SyncContext stream)
    {
        await stream.PagesAsync(after => albums.AssetsRemovedSince(stream.Snapshot, stream.UserId, after, PageSize), r => r.Seq, AlbumToAssetDeleteV1,
            r => stream.Lines.Write(AlbumToAssetDeleteV1, new SyncAlbumToAssetDeleteV1(r.AlbumId, r.AssetId),
                PiVaultJsonContext.Default.SyncAlbumToAssetDeleteV1, Ack(AlbumToAssetDeleteV1, r.Seq)));
        await stream.PagesAsync(after => albums.AssetsAddedSince(stream.Snapshot, stream.UserId, after, PageSize), r => r.Seq, AlbumToAssetV1,
            r => stream.Lines.Write(AlbumToAssetV1, new SyncAlbumToAssetV1(r.AlbumId, r.AssetId),
                PiVaultJsonContext.Default.SyncAlbumToAssetV1, Ack(AlbumToAssetV1, r.Seq)));
    }
}
