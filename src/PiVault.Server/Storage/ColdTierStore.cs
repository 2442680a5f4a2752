namespace PiVault.Server.Storage;

/// <summary>
/// The cold tier's folder on its own drive, when one is configured. Originals keep their relative path; moves write
/// their temp files in <c>.tmp/</c> on the same drive, so the final rename is atomic. An empty or absent folder is a drive
/// that is not attached (<see cref="LibraryFileStore.LooksMounted"/>): its originals are offline, never lost.
/// </summary>
public sealed class ColdTierStore(string? root)
{
    private readonly string? root = root is null ? null : Path.GetFullPath(root);

    public bool IsConfigured => root is not null;

    /// <summary>The folder; only meaningful when <see cref="IsConfigured"/>.</summary>
    public string Root => root ?? throw new InvalidOperationException("No cold tier is configured.");

    /// <summary>Configured and its drive looks mounted (its <c>.tmp</c> or any original is there).</summary>
    public bool IsAttached => root is not null && LibraryFileStore.LooksMounted(root);

    public string TempDir => Path.Combine(Root, LibraryFileStore.TempFolderName);

    /// <summary>Where a move copies an asset's original before renaming it into place.</summary>
    public string TempFor(string assetId) => Path.Combine(TempDir, $"tier-{assetId}.part");

    /// <summary>Makes <c>.tmp</c>, which marks the drive as the cold tier; only when it is attached or was never used.</summary>
    public void Prepare() => DirectorySync.CreateDirectoryDurably(TempDir);

    public string FullPath(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relativePath));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException($"Path '{relativePath}' escapes the cold tier.");
    }

    /// <summary>Removes move temp files left by a crash; returns how many.</summary>
    public int RemoveLeftoverTemps()
    {
        if (!IsConfigured || !Directory.Exists(TempDir))
        {
            return 0;
        }
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(TempDir))
        {
            File.Delete(file);
            removed++;
        }
        if (removed > 0)
        {
            DirectorySync.Flush(TempDir);
        }
        return removed;
    }
}
