using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Immich;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Json;

namespace PiVault.Server.Features.Immich.Realtime;

/// <summary>
/// What the features report, as the events Immich's clients listen for, sent to the owner's room. Nothing is read or
/// encoded while the owner has no connection; a failure to build an event is logged and never reaches the feature.
/// </summary>
public sealed partial class ImmichLiveNotifier(SocketIoHub hub, Database database, AssetStore assets, ILogger<ImmichLiveNotifier> logger) : IUserNotifier
{
    /// <summary>Immich's AssetResponseDto, as GET /api/assets/{id} answers.</summary>
    public void AssetUploaded(string ownerId, string assetId) => Emit(ownerId, "on_upload_success", () =>
    {
        using var db = database.Open();
        return assets.ChangeOf(db, ownerId, assetId) is { } change
            ? SocketIoPackets.Event("on_upload_success", ImmichMapper.Asset(change, coldOffline: false), PiVaultJsonContext.Default.ImmichAssetDto)
            : null;
    });

    /// <summary><c>{asset: SyncAssetV1, exif: SyncAssetExifV1}</c>, the same lines the sync stream sends.</summary>
    public void AssetThumbnailsReady(string ownerId, string assetId) => Emit(ownerId, "AssetUploadReadyV1", () =>
    {
        using var db = database.Open();
        if (assets.ChangeOf(db, ownerId, assetId) is not { } change)
        {
            return null;
        }
        var exif = assets.MetadataOf(db, assetId) is { } metadata ? ImmichMapper.Exif(metadata) : ImmichMapper.NoExif(assetId);
        return SocketIoPackets.Event("AssetUploadReadyV1", new ImmichAssetUploadReadyV1(ImmichMapper.SyncAssetV1(change), exif),
            PiVaultJsonContext.Default.ImmichAssetUploadReadyV1);
    });

    public void AssetsTrashed(string ownerId, IReadOnlyList<string> assetIds) =>
        Emit(ownerId, "on_asset_trash", () => SocketIoPackets.Event("on_asset_trash", assetIds.ToArray(), PiVaultJsonContext.Default.StringArray));

    public void AssetsRestored(string ownerId, IReadOnlyList<string> assetIds) =>
        Emit(ownerId, "on_asset_restore", () => SocketIoPackets.Event("on_asset_restore", assetIds.ToArray(), PiVaultJsonContext.Default.StringArray));

    public void AssetDeleted(string ownerId, string assetId) =>
        Emit(ownerId, "on_asset_delete", () => SocketIoPackets.Event("on_asset_delete", assetId, PiVaultJsonContext.Default.String));

    public void SessionEnded(string sessionId) => hub.CloseSessions(c => c.SessionId == sessionId);

    public void OtherSessionsEnded(string userId, string keptSessionId) =>
        hub.CloseSessions(c => c.UserId == userId && c.SessionId is not null && c.SessionId != keptSessionId);

    public void UserDisabled(string userId) => hub.CloseSessions(c => c.UserId == userId);

    public void ApiKeyDeleted(string apiKeyId) => hub.CloseSessions(c => c.ApiKeyId == apiKeyId);

    private void Emit(string ownerId, string eventName, Func<ReadOnlyMemory<byte>?> build)
    {
        if (!hub.HasListeners(ownerId))
        {
            return;
        }
        try
        {
            if (build() is { } packet)
            {
                hub.Emit(ownerId, packet);
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or IOException)
        {
            LogEventFailed(logger, eventName, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the {Event} websocket event: {Reason}")]
    private static partial void LogEventFailed(ILogger logger, string @event, string reason);
}
