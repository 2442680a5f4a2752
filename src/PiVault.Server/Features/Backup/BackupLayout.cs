using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// Where everything lives on a backup drive: <c>&lt;target&gt;/pivault-backup/</c> with <c>library/</c> (originals at the
/// same relative paths as in the data folder), <c>pivault.db</c>, <c>manifest.tsv</c> and <c>backup.json</c>.
/// </summary>
public sealed class BackupLayout(string root)
{
    public const string FolderName = "pivault-backup";

    /// <summary>The suffix of every file being written; a run removes those an interrupted run left.</summary>
    public const string TempSuffix = DurableFile.TempSuffix;

    /// <summary>The layout under a drive's mount point (<paramref name="targetRoot"/>).</summary>
    public static BackupLayout Under(string targetRoot) => new(Path.Combine(Path.GetFullPath(targetRoot), FolderName));

    /// <summary>
    /// The layout a restore reads: <paramref name="directory"/> may be the drive (holding <c>pivault-backup/</c>) or
    /// the <c>pivault-backup</c> folder itself.
    /// </summary>
    public static BackupLayout Find(string directory) => Directory.Exists(Path.Combine(directory, FolderName))
        ? Under(directory)
        : new BackupLayout(Path.GetFullPath(directory));

    public string Root { get; } = root;

    public string LibraryDir => Path.Combine(Root, "library");

    public string DatabasePath => Path.Combine(Root, "pivault.db");

    public string ManifestPath => Path.Combine(Root, "manifest.tsv");

    public string ReportPath => Path.Combine(Root, "backup.json");

    /// <summary>A backed-up original's full path; a relative path that climbs out of the library is refused.</summary>
    public string LibraryFile(string relativePath) => ContainedPath(LibraryDir, relativePath);

    /// <summary><paramref name="relativePath"/> under <paramref name="root"/>, refusing any path that escapes it (a tampered manifest).</summary>
    public static string ContainedPath(string root, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        return full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new BackupException($"The path '{relativePath}' leaves the backup's library folder.");
    }

    /// <summary>A temp name beside <paramref name="path"/>, in the same folder so the final rename is atomic.</summary>
    public static string TempFor(string path) => DurableFile.TempFor(path);
}
