using PiVault.Server.Storage;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// Puts a restore made by the setup wizard (<see cref="OffsiteSetupRestore"/>) in place of the fresh instance's data, at
/// the next start and before anything opens the database. The data folder itself cannot be renamed (under systemd it is
/// the unit's <c>StateDirectory</c>, a mount point in a read-only <c>/var/lib</c>), so its entries are swapped, each by
/// one rename, in two steps that a power cut may interrupt anywhere:
/// <list type="number">
/// <item><c>.restore/ready</c>: every entry of the data folder (but <c>.restore</c> and <c>models</c>) moves into
/// <c>.restore/previous/</c>; then <c>ready</c> is renamed <c>moving</c>.</item>
/// <item><c>.restore/moving</c>: every entry of <c>.restore/data/</c> (the restored data folder) moves up into the data
/// folder; then <c>.restore</c> is removed.</item>
/// </list>
/// Each step only moves what is still left to move, so running it again after a cut finishes the swap. A
/// <c>.restore</c> folder without either marker is a restore that never finished: it is removed and the instance stays
/// as it was.
/// </summary>
public static class RestoreSwap
{
    public const string FolderName = ".restore";

    /// <summary>ML models are not part of a backup; the instance keeps the ones it has.</summary>
    private static readonly string[] Kept = [FolderName, "models"];

    public static string Root(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), FolderName);

    /// <summary>Where the restored data folder is made.</summary>
    public static string Staged(string dataDir) => Path.Combine(Root(dataDir), "data");

    private static string Ready(string dataDir) => Path.Combine(Root(dataDir), "ready");

    private static string Moving(string dataDir) => Path.Combine(Root(dataDir), "moving");

    private static string Previous(string dataDir) => Path.Combine(Root(dataDir), "previous");

    /// <summary>The restore in <see cref="Staged"/> is complete and checked: the next start swaps it in.</summary>
    public static void MarkReady(string dataDir)
    {
        DirectorySync.Flush(Staged(dataDir));
        using (var marker = new FileStream(Ready(dataDir), FileMode.Create, FileAccess.Write))
        {
            marker.Flush(flushToDisk: true);
        }
        DirectorySync.Flush(Root(dataDir));
    }

    /// <summary>Removes what an unfinished restore left (no marker). Never touches a restore marked ready.</summary>
    public static void Discard(string dataDir)
    {
        var root = Root(dataDir);
        if (Directory.Exists(root) && !File.Exists(Ready(dataDir)) && !File.Exists(Moving(dataDir)))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Finishes a swap that is ready or under way; returns whether one was done.</summary>
    public static bool Apply(string dataDir)
    {
        dataDir = Path.GetFullPath(dataDir);
        if (File.Exists(Ready(dataDir)))
        {
            Directory.CreateDirectory(Previous(dataDir));
            foreach (var entry in Directory.EnumerateFileSystemEntries(dataDir).Where(e => !Kept.Contains(Path.GetFileName(e), StringComparer.Ordinal)).ToList())
            {
                Move(entry, Path.Combine(Previous(dataDir), Path.GetFileName(entry)));
            }
            DirectorySync.Flush(dataDir);
            DirectorySync.Flush(Previous(dataDir));
            File.Move(Ready(dataDir), Moving(dataDir));
            DirectorySync.Flush(Root(dataDir));
        }
        if (!File.Exists(Moving(dataDir)))
        {
            Discard(dataDir);
            return false;
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(Staged(dataDir)).ToList())
        {
            Move(entry, Path.Combine(dataDir, Path.GetFileName(entry)));
        }
        DirectorySync.Flush(dataDir);
        File.Delete(Moving(dataDir));
        DirectorySync.Flush(Root(dataDir));
        Directory.Delete(Root(dataDir), recursive: true);
        return true;
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }
}
