using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's sync protocol over PiVault's change tracking (migration 0004): each line's ack is
/// <c>"&lt;entity type&gt;|&lt;change number&gt;"</c>; once a device acks it, later streams send only what changed after it.
/// Everything is read in one snapshot, so a stream never mixes states.
/// </summary>
public sealed class ImmichSyncService(Database database, UserStore users, AssetStore assets, AlbumStore albums, SyncAckStore acks, TimeProvider time)
{
    public const string AuthUserV1 = "AuthUserV1";
    public const string UserV1 = "UserV1";
    public const string AssetV1 = "AssetV1";
    public const string AssetV2 = "AssetV2";
    public const string AssetDeleteV1 = "AssetDeleteV1";
    public const string AssetExifV1 = "AssetExifV1";
    public const string AlbumV1 = "AlbumV1";
    public const string AlbumV2 = "AlbumV2";
    public const string AlbumDeleteV1 = "AlbumDeleteV1";
    public const string AlbumToAssetV1 = "AlbumToAssetV1";
    public const string AlbumToAssetDeleteV1 = "AlbumToAssetDeleteV1";
    public const string SyncCompleteV1 = "SyncCompleteV1";

    private const int PageSize = 1000;

    private static readonly HashSet<string> AckableTypes =
        [AuthUserV1, UserV1, AssetV1, AssetV2, AssetDeleteV1, AssetExifV1, AlbumV1, AlbumV2, AlbumDeleteV1, AlbumToAssetV1, AlbumToAssetDeleteV1, SyncCompleteV1];

    /// <summary>
/// Requested types PiVault does not have (partners, memories, …) produce no lines, as the protocol allows. Albums are
/// the user's own; albums shared with them are not synced yet.
/// </summary>
    public async Task StreamAsync(Caller caller, SyncStreamRequest request, PipeWriter output, CancellationToken cancel)
    {
        var types = (request.Types ?? []).ToHashSet(StringComparer.Ordinal);
        using var db = database.Open();
        if (request.Reset == true)
        {
            acks.Delete(db, caller.CredentialId, null);
        }
        var checkpoints = Checkpoints(db, caller.CredentialId);
        using var snapshot = db.BeginTransaction(deferred: true);
        using var lines = new SyncLineWriter(output);
        if (types.Contains("AuthUsersV1") && users.ChangedSince(db, checkpoints.GetValueOrDefault(AuthUserV1)).Find(u => u.User.Id == caller.UserId) is { User: not null } me)
        {
            var usage = assets.Statistics(db, caller.UserId, trashed: null).Bytes;
            lines.Write(AuthUserV1, ImmichMapper.AuthUser(me.User, usage), PiVaultJsonContext.Default.SyncAuthUserV1, Ack(AuthUserV1, me.Seq));
        }
        if (types.Contains("UsersV1"))
        {
            foreach (var (user, seq) in users.ChangedSince(db, checkpoints.GetValueOrDefault(UserV1)))
            {
                lines.Write(UserV1, ImmichMapper.User(user), PiVaultJsonContext.Default.SyncUserV1, Ack(UserV1, seq));
            }
        }
        if (types.Contains("AssetsV2") || types.Contains("AssetsV1"))
        {
            await StreamAssetsAsync(db, caller.UserId, types.Contains("AssetsV2") ? AssetV2 : AssetV1, checkpoints, lines, output, cancel);
        }
        if (types.Contains("AssetExifsV1"))
        {
            await StreamExifAsync(db, caller.UserId, checkpoints.GetValueOrDefault(AssetExifV1), lines, output, cancel);
        }
        if (types.Contains("AlbumsV2") || types.Contains("AlbumsV1"))
        {
            await StreamAlbumsAsync(db, caller.UserId, types.Contains("AlbumsV2") ? AlbumV2 : AlbumV1, checkpoints, lines, output, cancel);
        }
        if (types.Contains("AlbumToAssetsV1"))
        {
            await StreamAlbumAssetsAsync(db, caller.UserId, checkpoints, lines, output, cancel);
        }
        lines.Write(SyncCompleteV1, new SyncCompleteV1(), PiVaultJsonContext.Default.SyncCompleteV1, Ack(SyncCompleteV1, assets.CurrentSeq(db)));
        await output.FlushAsync(cancel);
    }

    public void SetAcks(Caller caller, IEnumerable<string> ackStrings)
    {
        var parsed = ackStrings.Select(a => (Type: Parse(a).Type, Ack: a)).ToList();
        var now = time.GetUtcNow();
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        parsed.ForEach(a => acks.Upsert(db, caller.CredentialId, a.Type, a.Ack, now));
        transaction.Commit();
    }

    public List<SyncAckDto> GetAcks(Caller caller)
    {
        using var db = database.Open();
        return acks.List(db, caller.CredentialId);
    }

    /// <summary>Forgets the given types' positions (all when none are given): their next stream starts from the beginning.</summary>
    public void DeleteAcks(Caller caller, string[]? types)
    {
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        if (types is null or { Length: 0 })
        {
            acks.Delete(db, caller.CredentialId, null);
        }
        else
        {
            Array.ForEach(types, t => acks.Delete(db, caller.CredentialId, t));
        }
        transaction.Commit();
    }

    /// <summary>Deletions first (as Immich sends them), then new and changed assets, page by page, flushed as they go.</summary>
    private async Task StreamAssetsAsync(
        SqliteConnection db, string ownerId, string assetType, Dictionary<string, long> checkpoints, SyncLineWriter lines, PipeWriter output, CancellationToken cancel)
    {
        await StreamPagesAsync(after => assets.DeletedSince(db, ownerId, after, PageSize), d => d.Seq, checkpoints.GetValueOrDefault(AssetDeleteV1),
            d => lines.Write(AssetDeleteV1, new SyncAssetDeleteV1(d.AssetId), PiVaultJsonContext.Default.SyncAssetDeleteV1, Ack(AssetDeleteV1, d.Seq)), output, cancel);
        await StreamPagesAsync(after => assets.ChangedSince(db, ownerId, after, PageSize), c => c.Seq, checkpoints.GetValueOrDefault(assetType), change =>
        {
            if (assetType == AssetV2)
            {
                lines.Write(AssetV2, ImmichMapper.SyncAssetV2(change), PiVaultJsonContext.Default.SyncAssetV2, Ack(AssetV2, change.Seq));
            }
            else
            {
                lines.Write(AssetV1, ImmichMapper.SyncAssetV1(change), PiVaultJsonContext.Default.SyncAssetV1, Ack(AssetV1, change.Seq));
            }
        }, output, cancel);
    }

    private Task StreamExifAsync(SqliteConnection db, string ownerId, long after, SyncLineWriter lines, PipeWriter output, CancellationToken cancel) =>
        StreamPagesAsync(from => assets.MetadataChangedSince(db, ownerId, from, PageSize), m => m.Seq, after,
            m => lines.Write(AssetExifV1, ImmichMapper.Exif(m), PiVaultJsonContext.Default.SyncAssetExifV1, Ack(AssetExifV1, m.Seq)), output, cancel);

    private async Task StreamAlbumsAsync(
        SqliteConnection db, string ownerId, string albumType, Dictionary<string, long> checkpoints, SyncLineWriter lines, PipeWriter output, CancellationToken cancel)
    {
        await StreamPagesAsync(after => albums.DeletedSince(db, ownerId, after, PageSize), d => d.Seq, checkpoints.GetValueOrDefault(AlbumDeleteV1),
            d => lines.Write(AlbumDeleteV1, new SyncAlbumDeleteV1(d.AlbumId), PiVaultJsonContext.Default.SyncAlbumDeleteV1, Ack(AlbumDeleteV1, d.Seq)), output, cancel);
        await StreamPagesAsync(after => albums.ChangedSince(db, ownerId, after, PageSize), c => c.Seq, checkpoints.GetValueOrDefault(albumType), change =>
        {
            var (a, seq) = change;
            if (albumType == AlbumV2)
            {
                lines.Write(AlbumV2, new SyncAlbumV2(a.CreatedAt, a.Description, a.Id, false, a.Name, "desc", a.CoverAssetId, a.UpdatedAt),
                    PiVaultJsonContext.Default.SyncAlbumV2, Ack(AlbumV2, seq));
            }
            else
            {
                lines.Write(AlbumV1, new SyncAlbumV1(a.CreatedAt, a.Description, a.Id, false, a.Name, "desc", a.OwnerId, a.CoverAssetId, a.UpdatedAt),
                    PiVaultJsonContext.Default.SyncAlbumV1, Ack(AlbumV1, seq));
            }
        }, output, cancel);
    }

    private async Task StreamAlbumAssetsAsync(
        SqliteConnection db, string ownerId, Dictionary<string, long> checkpoints, SyncLineWriter lines, PipeWriter output, CancellationToken cancel)
    {
        await StreamPagesAsync(after => albums.AssetsRemovedSince(db, ownerId, after, PageSize), r => r.Seq, checkpoints.GetValueOrDefault(AlbumToAssetDeleteV1),
            r => lines.Write(AlbumToAssetDeleteV1, new SyncAlbumToAssetDeleteV1(r.AlbumId, r.AssetId),
                PiVaultJsonContext.Default.SyncAlbumToAssetDeleteV1, Ack(AlbumToAssetDeleteV1, r.Seq)), output, cancel);
        await StreamPagesAsync(after => albums.AssetsAddedSince(db, ownerId, after, PageSize), r => r.Seq, checkpoints.GetValueOrDefault(AlbumToAssetV1),
            r => lines.Write(AlbumToAssetV1, new SyncAlbumToAssetV1(r.AlbumId, r.AssetId),
                PiVaultJsonContext.Default.SyncAlbumToAssetV1, Ack(AlbumToAssetV1, r.Seq)), output, cancel);
    }

    /// <summary>Reads the rows changed after a position one page at a time, writes each, and flushes after every page.</summary>
    private static async Task StreamPagesAsync<T>(Func<long, List<T>> pageAfter, Func<T, long> seqOf, long after, Action<T> write, PipeWriter output, CancellationToken cancel)
    {
        List<T> rows;
        while ((rows = pageAfter(after)).Count > 0)
        {
            rows.ForEach(write);
            after = seqOf(rows[^1]);
            await output.FlushAsync(cancel);
        }
    }

    private Dictionary<string, long> Checkpoints(SqliteConnection db, string sessionId) =>
        acks.List(db, sessionId).Select(a => Parse(a.Ack)).GroupBy(a => a.Type).ToDictionary(g => g.Key, g => g.Max(a => a.Seq));

    private static string Ack(string type, long seq) => string.Create(CultureInfo.InvariantCulture, $"{type}|{seq}");

    private static (string Type, long Seq) Parse(string ack)
    {
        var parts = ack.Split('|');
        return parts.Length == 2 && AckableTypes.Contains(parts[0]) && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? (parts[0], seq)
            : throw ApiException.BadRequest($"\"{ack}\" is not an ack this server gave out.");
    }
}
