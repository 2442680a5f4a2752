using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich;

/// <summary>
/// Key/value metadata for <c>AssetMetadataV1</c> (the user's own assets' keys, such as the iOS app's <c>mobile-app</c>
/// iCloud id) and <c>UserMetadataV1</c> (the user's <c>preferences</c> and <c>onboarding</c>): deletions first.
/// </summary>
public sealed partial class ImmichSyncService
{
    public const string AssetMetadataV1 = "AssetMetadataV1";
    public const string AssetMetadataDeleteV1 = "AssetMetadataDeleteV1";
    public const string UserMetadataV1 = "UserMetadataV1";
    public const string UserMetadataDeleteV1 = "UserMetadataDeleteV1";

    /// <summary>After the assets the keys belong to.</summary>
    private async Task StreamAssetMetadataAsync(SyncContext stream, HashSet<string> types)
    {
        if (!types.Contains("AssetMetadataV1"))
        {
            return;
        }
        var db = stream.Snapshot.Connection;
        await stream.PagesAsync(after => assetMetadata.DeletedSince(db, stream.UserId, after, PageSize), d => d.Seq, AssetMetadataDeleteV1,
            d => stream.Lines.Write(AssetMetadataDeleteV1, new SyncAssetMetadataDeleteV1(d.AssetId, d.Key), PiVaultJsonContext.Default.SyncAssetMetadataDeleteV1,
                Ack(AssetMetadataDeleteV1, d.Seq)));
        await stream.PagesAsync(after => assetMetadata.ChangedSince(db, stream.UserId, after, PageSize), m => m.Seq, AssetMetadataV1,
            m => stream.Lines.Write(AssetMetadataV1, new SyncAssetMetadataV1(m.AssetId, m.Key, m.Value), PiVaultJsonContext.Default.SyncAssetMetadataV1,
                Ack(AssetMetadataV1, m.Seq)));
    }

    private void StreamUserMetadata(SyncContext stream, HashSet<string> types)
    {
        if (!types.Contains("UserMetadataV1"))
        {
            return;
        }
        var db = stream.Snapshot.Connection;
        foreach (var (key, seq) in userMetadata.DeletedSince(db, stream.UserId, stream.After(UserMetadataDeleteV1)))
        {
            stream.Lines.Write(UserMetadataDeleteV1, new SyncUserMetadataDeleteV1(key, stream.UserId), PiVaultJsonContext.Default.SyncUserMetadataDeleteV1,
                Ack(UserMetadataDeleteV1, seq));
        }
        foreach (var change in userMetadata.ChangedSince(db, stream.UserId, stream.After(UserMetadataV1)))
        {
            stream.Lines.Write(UserMetadataV1, new SyncUserMetadataV1(change.Key, stream.UserId, change.Value), PiVaultJsonContext.Default.SyncUserMetadataV1,
                Ack(UserMetadataV1, change.Seq));
        }
    }
}

/// <summary>Immich's <c>SyncAssetMetadataV1</c>.</summary>
public sealed record SyncAssetMetadataV1(string AssetId, string Key, System.Text.Json.JsonElement Value);

/// <summary>Immich's <c>SyncAssetMetadataDeleteV1</c>.</summary>
public sealed record SyncAssetMetadataDeleteV1(string AssetId, string Key);

/// <summary>Immich's <c>SyncUserMetadataV1</c>: the key is <c>preferences</c> or <c>onboarding</c>.</summary>
public sealed record SyncUserMetadataV1(string Key, string UserId, System.Text.Json.JsonElement Value);

/// <summary>Immich's <c>SyncUserMetadataDeleteV1</c>.</summary>
public sealed record SyncUserMetadataDeleteV1(string Key, string UserId);
