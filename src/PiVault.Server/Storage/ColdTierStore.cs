namespace PiVault.Server.Storage;

/// <summary>Where the cold tier is: a folder (<c>--cold-tier-dir</c>), or the mount point of the drive given the cold role, which only counts while a drive is mounted there.</summary>
public sealed record ColdTierPlace(string Root, bool MountedDrive);

/// <summary>
/// The cold tier's folder on its own drive, when one is configured. Originals keep their relative path; moves write
/// their temp files in <c>.tmp/</c> on the same drive, so the final rename is atomic. An empty or absent folder is a drive
/// that is not attached (<see cref="LibraryFileStore.LooksMounted"/>), and so is a drive slot with nothing mounted on
/// it: its originals are offline, never lost. The place is asked for at each use, so a drive given the cold role while
/// PiVault runs is used at once.
/// </summary>
public sealed class ColdTierStore(Func<ColdTierPlace?> place)
{
    /// <summary>A fixed folder (development, tests, the command line); null = no cold tier.</summary>
    public ColdTierStore(string? root)
        : this(Fixed(root))
    {
    }

    public bool IsConfigured => place() is not null;

    /// <summary>The folder; only meaningful when <see cref="IsConfigured"/>.</summary>
    public string Root => place()?.Root ?? throw new InvalidOperationException("No cold tier is configured.");

    /// <summary>Configured and its drive is there, by the one rule of <see cref="DriveFolder"/> (the cold tier's mark is its <c>.tmp/</c>).</summary>
    public bool IsAttached => place() is { } where && new DriveFolder(where.Root, where.MountedDrive, LibraryFileStore.TempFolderName).IsAttached;

    /// <summary>
    /// Whether an empty folder may become the cold tier (a plain folder never used yet); a drive slot never, since an empty
    /// slot is a drive not (yet) mounted and writing there would fill the system disk under the mount point.
    /// </summary>
    public bool MayStartEmpty => place() is { MountedDrive: false };

    private static Func<ColdTierPlace?> Fixed(string? root)
    {
        var where = root is null ? null : new ColdTierPlace(Path.GetFullPath(root), false);
        return () => where;
    }

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
