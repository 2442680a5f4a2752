namespace PiVault.Server.Features.Notifications;

/// <summary>
/// Tells a user's open live connections (the Immich websocket) what just happened to their library. Features call it
/// after the change is committed; it never blocks or throws, and costs a lookup when nobody is listening. Owned by the
/// feature layer so features never depend on the websocket code that implements it.
/// </summary>
public interface IUserNotifier
{
    void AssetUploaded(string ownerId, string assetId);

    /// <summary>The thumbnail step finished: the asset can be shown (and counts as backed up on a phone).</summary>
    void AssetThumbnailsReady(string ownerId, string assetId);

    void AssetsTrashed(string ownerId, IReadOnlyList<string> assetIds);

    void AssetsRestored(string ownerId, IReadOnlyList<string> assetIds);

    void AssetDeleted(string ownerId, string assetId);

    /// <summary>The session was logged out: its live connections end.</summary>
    void SessionEnded(string sessionId);

    /// <summary>Every session of the user but <paramref name="keptSessionId"/> was ended (a password change): their live connections end.</summary>
    void OtherSessionsEnded(string userId, string keptSessionId);

    /// <summary>The user was disabled: every live connection of theirs ends, whatever it logged in with.</summary>
    void UserDisabled(string userId);

    /// <summary>The API key was deleted: the live connections it opened end.</summary>
    void ApiKeyDeleted(string apiKeyId);
}
