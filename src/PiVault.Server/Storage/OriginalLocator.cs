namespace PiVault.Server.Storage;

/// <summary>
/// The one place that turns an asset's original into a file path, whichever tier it is on, so that every reader —
/// downloads, thumbnails, metadata, video, the Immich API, backups — reads moved originals transparently.
/// </summary>
public sealed class OriginalLocator(IFileStore hot, ColdTierStore cold)
{
    public const string OfflineDetail =
        "This original is stored on the cold drive, which is not attached. Its thumbnail and preview still work; plug the cold drive back in to download it.";

    public const string ExternalMissingDetail =
        "This original is in a folder library and its file cannot be found there now (the folder's drive or share may be away). Its thumbnail and preview still work.";

    /// <summary>
    /// The original's path on its tier (which may be offline: see <see cref="Readable"/>). A folder library's original
    /// (<see cref="OriginalTier.External"/>) is stored as its absolute path.
    /// </summary>
    public string FullPath(string relativePath, OriginalTier tier) => tier switch
    {
        OriginalTier.Cold => cold.FullPath(relativePath),
        OriginalTier.External => relativePath,
        _ => hot.FullPath(relativePath),
    };

    /// <summary>Deletes an original on its tier (a purge); the folder is flushed. A folder library's file is never deleted: it is not PiVault's.</summary>
    public void Delete(string relativePath, OriginalTier tier)
    {
        if (tier == OriginalTier.External)
        {
            return;
        }
        if (tier == OriginalTier.Hot)
        {
            hot.DeleteOriginal(relativePath);
            return;
        }
        var path = cold.FullPath(relativePath);
        File.Delete(path);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }

    /// <summary>Whether originals on the cold tier cannot be read right now (drive absent, or no longer configured).</summary>
    public bool ColdOffline => !cold.IsAttached;

    public bool IsOffline(OriginalTier tier) => tier == OriginalTier.Cold && ColdOffline;

    /// <summary>The path to read, or <see cref="OriginalOfflineException"/> (a 503 problem) saying the original is on the cold drive, which is not attached.</summary>
    public string Readable(string relativePath, OriginalTier tier) => tier switch
    {
        _ when IsOffline(tier) => throw new OriginalOfflineException(OfflineDetail),
        OriginalTier.External when !File.Exists(relativePath) => throw new OriginalOfflineException(ExternalMissingDetail),
        _ => FullPath(relativePath, tier),
    };
}

/// <summary>An original on the cold tier while its drive is not attached: the API answers 503 with this message.</summary>
public sealed class OriginalOfflineException(string message) : Exception(message);
