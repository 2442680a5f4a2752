using System.Collections.Concurrent;
using PiVault.Server.Features.Notifications;

namespace PiVault.Tests.Infrastructure;

/// <summary>Stands in for the Immich websocket: keeps every notification as "event user subject" lines, in order.</summary>
public sealed class RecordingNotifier : IUserNotifier
{
    private readonly ConcurrentQueue<string> events = new();

    public IReadOnlyList<string> Events => events.ToList();

    /// <summary>The events about one asset or session, without the user: e.g. ["uploaded", "thumbnails-ready"].</summary>
    public IReadOnlyList<string> About(string subject) =>
        Events.Select(e => e.Split(' ')).Where(p => p[^1] == subject).Select(p => p[0]).ToList();

    public void AssetUploaded(string ownerId, string assetId) => events.Enqueue($"uploaded {ownerId} {assetId}");

    public void AssetThumbnailsReady(string ownerId, string assetId) => events.Enqueue($"thumbnails-ready {ownerId} {assetId}");

    public void AssetsTrashed(string ownerId, IReadOnlyList<string> assetIds) => Each("trashed", ownerId, assetIds);

    public void AssetsRestored(string ownerId, IReadOnlyList<string> assetIds) => Each("restored", ownerId, assetIds);

    public void AssetDeleted(string ownerId, string assetId) => events.Enqueue($"deleted {ownerId} {assetId}");

    public void SessionEnded(string sessionId) => events.Enqueue($"session-ended - {sessionId}");

    public void OtherSessionsEnded(string userId, string keptSessionId) => events.Enqueue($"other-sessions-ended {userId} {keptSessionId}");

    public void UserDisabled(string userId) => events.Enqueue($"user-disabled {userId} {userId}");

    public void ApiKeyDeleted(string apiKeyId) => events.Enqueue($"api-key-deleted - {apiKeyId}");

    private void Each(string name, string ownerId, IReadOnlyList<string> assetIds)
    {
        foreach (var id in assetIds)
        {
            events.Enqueue($"{name} {ownerId} {id}");
        }
    }
}
