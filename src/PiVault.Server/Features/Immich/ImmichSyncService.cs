using System.Globalization;
using System.IO.Pipelines;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Memories;
using PiVault.Server.Features.People;
using PiVault.Server.Features.Stacks;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Immich's sync protocol over PiVault's change tracking (migrations 0004–0006): each line's ack is
/// <c>"&lt;entity type&gt;|&lt;change number&gt;"</c>; once a device acks it, later streams send only what changed after it.
/// Everything is read in one <see cref="ReadSnapshot"/>, so a stream never mixes states, and through the change feeds the
/// features' services offer (<c>UserService.Changes</c>, <c>AssetService.Changes</c>, <c>AlbumService.Changes</c>); the
/// only tables read here are the adapter's own (acks, preferences).
/// </summary>
public sealed partial class ImmichSyncService(
    Database database, UserService users, AssetService assets, AlbumService albums, SyncAckStore acks, ImmichPreferencesStore preferences,
    PeopleChanges peopleChanges, MemoryStore memories, StackStore stacks, Partners.PartnerStore partners, ImmichAssetMetadataStore assetMetadata,
    ImmichUserMetadataStore userMetadata, TimeProvider time)
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
    public const string AlbumUserV1 = "AlbumUserV1";
    public const string AlbumUserDeleteV1 = "AlbumUserDeleteV1";
    public const string AlbumAssetCreateV1 = "AlbumAssetCreateV1";
    public const string AlbumAssetCreateV2 = "AlbumAssetCreateV2";
    public const string AlbumAssetUpdateV1 = "AlbumAssetUpdateV1";
    public const string AlbumAssetUpdateV2 = "AlbumAssetUpdateV2";
    public const string AlbumAssetExifCreateV1 = "AlbumAssetExifCreateV1";
    public const string AlbumAssetExifUpdateV1 = "AlbumAssetExifUpdateV1";
    public const string SyncCompleteV1 = "SyncCompleteV1";

    private const int PageSize = 1000;

    private static readonly HashSet<string> AckableTypes =
        [
            AuthUserV1, UserV1, AssetV1, AssetV2, AssetDeleteV1, AssetExifV1, AlbumV1, AlbumV2, AlbumDeleteV1, AlbumToAssetV1, AlbumToAssetDeleteV1,
            AlbumUserV1, AlbumUserDeleteV1, AlbumAssetCreateV1, AlbumAssetCreateV2, AlbumAssetExifCreateV1, SyncCompleteV1,
            PersonV1, PersonDeleteV1, AssetFaceV1, AssetFaceV2, AssetFaceDeleteV1,
            MemoryV1, MemoryDeleteV1, MemoryToAssetV1, MemoryToAssetDeleteV1, StackV1, StackDeleteV1,
            PartnerV1, PartnerDeleteV1, PartnerAssetV1, PartnerAssetV2, PartnerAssetDeleteV1, PartnerAssetExifV1, PartnerStackV1, PartnerStackDeleteV1,
            AssetMetadataV1, AssetMetadataDeleteV1, UserMetadataV1, UserMetadataDeleteV1,
        ];

    /// <summary>
    /// Requested types PiVault does not have produce no lines, as the protocol allows. Order matters
    /// to the app's local database: users before the assets and albums that name them, assets (own, then other users' in
    /// shared albums) before the albums whose cover and links point at them.
    /// </summary>
    public async Task StreamAsync(Caller caller, SyncStreamRequest request, PipeWriter output, CancellationToken cancel)
    {
        var types = (request.Types ?? []).ToHashSet(StringComparer.Ordinal);
        Dictionary<string, long> checkpoints;
        using (var db = database.Open())
        {
            if (request.Reset == true)
            {
                acks.Delete(db, caller.CredentialId, null);
            }
            checkpoints = Checkpoints(db, caller.CredentialId);
        }
        using var snapshot = database.Snapshot();
        using var lines = new SyncLineWriter(output);
        var stream = new SyncContext(snapshot, caller.UserId, checkpoints, lines, output, cancel);
        StreamUsers(stream, types);
        StreamUserMetadata(stream, types);
        if (types.Overlaps(["AssetsV1", "AssetsV2", "AlbumAssetsV1", "AlbumAssetsV2"]))
        {
            await StreamAssetDeletionsAsync(stream);
        }
        if (types.Contains("AssetsV2") || types.Contains("AssetsV1"))
        {
            await StreamAssetsAsync(stream, types.Contains("AssetsV2") ? AssetV2 : AssetV1);
        }
        if (types.Contains("AssetExifsV1"))
        {
            await StreamExifAsync(stream);
        }
        await StreamAssetMetadataAsync(stream, types);
        await StreamPartnersAsync(stream, types); // the partners' assets after the user's own, as Immich orders them
        await StreamSharedAlbumsAsync(stream, types);
        await StreamPeopleAsync(stream, types); // after the assets the faces are on
        await StreamStacksAsync(stream, types);
        await StreamPartnerStacksAsync(stream, types);
        await StreamMemoriesAsync(stream, types);
        lines.Write(SyncCompleteV1, new SyncCompleteV1(), PiVaultJsonContext.Default.SyncCompleteV1, Ack(SyncCompleteV1, assets.LatestChange(snapshot)));
        await output.FlushAsync(cancel);
    }

    private void StreamUsers(SyncContext stream, HashSet<string> types)
    {
        // AuthUserV1 carries the storage usage too: it is sent again when the user row or the usage changed (an asset added,
        // deleted for good or resized: migration 0039's user_usage_changes), its ack the later of the two numbers.
        var usageSeq = types.Contains("AuthUsersV1") ? userMetadata.UsageSeq(stream.Snapshot.Connection, stream.UserId) : 0;
        var authAfter = stream.After(AuthUserV1);
        if (types.Contains("AuthUsersV1")
            && users.ChangedSince(stream.Snapshot, usageSeq > authAfter ? 0 : authAfter).Find(u => u.User.Id == stream.UserId) is { User: not null } me)
        {
            var usage = assets.UsageBytes(stream.Snapshot, stream.UserId);
            var color = preferences.Find(stream.Snapshot.Connection, me.User.Id)?.AvatarColor;
            stream.Lines.Write(AuthUserV1, ImmichMapper.AuthUser(me.User, usage, color), PiVaultJsonContext.Default.SyncAuthUserV1,
                Ack(AuthUserV1, Math.Max(me.Seq, usageSeq)));
        }
        if (types.Contains("UsersV1"))
        {
            var colors = preferences.AvatarColors(stream.Snapshot.Connection);
            foreach (var (user, seq) in users.ChangedSince(stream.Snapshot, stream.After(UserV1)))
            {
                stream.Lines.Write(UserV1, ImmichMapper.User(user, colors.GetValueOrDefault(user.Id)), PiVaultJsonContext.Default.SyncUserV1, Ack(UserV1, seq));
            }
        }
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

    /// <summary>Deletions first, as Immich sends them: the user's own assets, and others' that left every album the user sees.</summary>
    private Task StreamAssetDeletionsAsync(SyncContext stream) =>
        stream.PagesAsync(after => assets.DeletedSince(stream.Snapshot, stream.UserId, after, PageSize), d => d.Seq, AssetDeleteV1,
            d => stream.Lines.Write(AssetDeleteV1, new SyncAssetDeleteV1(d.AssetId), PiVaultJsonContext.Default.SyncAssetDeleteV1, Ack(AssetDeleteV1, d.Seq)));

    /// <summary>New and changed assets of the user, page by page, flushed as they go.</summary>
    private Task StreamAssetsAsync(SyncContext stream, string assetType) =>
        stream.PagesAsync(after => assets.ChangedSince(stream.Snapshot, stream.UserId, after, PageSize), c => c.Seq, assetType,
            change => WriteAsset(stream, assetType, assetType, change));

    private Task StreamExifAsync(SyncContext stream) =>
        stream.PagesAsync(from => assets.MetadataChangedSince(stream.Snapshot, stream.UserId, from, PageSize), m => m.Seq, AssetExifV1,
            m => stream.Lines.Write(AssetExifV1, ImmichMapper.Exif(m), PiVaultJsonContext.Default.SyncAssetExifV1, Ack(AssetExifV1, m.Seq)));

    /// <summary>One asset line: V1 and V2 differ only in the duration's shape; the ack counts under <paramref name="ackType"/>.</summary>
    private static void WriteAsset(SyncContext stream, string lineType, string ackType, AssetChange change)
    {
        if (lineType.EndsWith("V2", StringComparison.Ordinal))
        {
            stream.Lines.Write(lineType, ImmichMapper.SyncAssetV2(change), PiVaultJsonContext.Default.SyncAssetV2, Ack(ackType, change.Seq));
        }
        else
        {
            stream.Lines.Write(lineType, ImmichMapper.SyncAssetV1(change), PiVaultJsonContext.Default.SyncAssetV1, Ack(ackType, change.Seq));
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
