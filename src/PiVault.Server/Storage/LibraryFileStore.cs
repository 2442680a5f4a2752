using System.Globalization;
using System.Text;

namespace PiVault.Server.Storage;

/// <summary>The library on a local filesystem. Temp files live in <c>.tmp/</c> on the same volume so the final rename is atomic.</summary>
public sealed class LibraryFileStore : IFileStore
{
    /// <summary>Lives on the library drive: an empty folder where the library should be means the drive is not mounted.</summary>
    public const string TempFolderName = ".tmp";
    private readonly string root;
    private readonly string tempDir;

    public LibraryFileStore(string root)
    {
        this.root = Path.GetFullPath(root);
        tempDir = Path.Combine(this.root, TempFolderName);
        Directory.CreateDirectory(tempDir);
    }

    public TempUpload CreateTemp()
    {
        var path = Path.Combine(tempDir, $"upload-{Guid.NewGuid():N}.part");
        try
        {
            return new TempUpload(path, OpenNew(path));
        }
        catch (DirectoryNotFoundException) when (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            // .tmp alone was removed: the library is still there, so make it again. An empty root is an unmounted drive: refuse.
            Directory.CreateDirectory(tempDir);
            return new TempUpload(path, OpenNew(path));
        }
    }

    private static FileStream OpenNew(string path) => new(path, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Share = FileShare.None,
        BufferSize = 0,
        Options = FileOptions.SequentialScan,
    });

    /// <summary>
    /// Whether the library drive looks mounted: its <c>.tmp</c> is there, or the root holds the library without it
    /// (the next upload makes it again). An empty or absent root is a drive that is not mounted.
    /// </summary>
    public static bool LooksMounted(string root) =>
        Directory.Exists(Path.Combine(root, TempFolderName)) || Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any();

    public string CommitOriginal(string tempPath, string ownerId, DateTimeOffset date, string fileName, IRenameJournal journal)
    {
        if (!LooksMounted(root))
        {
            // The drive went away under the upload: never create the owner's folders in the empty mount point.
            throw new DirectoryNotFoundException($"The library folder {root} is empty or gone: its drive is not mounted.");
        }
        var relativeDir = Path.Combine(
            ownerId,
            date.UtcDateTime.Year.ToString("D4", CultureInfo.InvariantCulture),
            date.UtcDateTime.Month.ToString("D2", CultureInfo.InvariantCulture));
        var directory = Path.Combine(root, relativeDir);
        DirectorySync.CreateDirectoryDurably(directory);
        var safeName = SafeFileName(fileName);
        for (var attempt = 0; ; attempt++)
        {
            var candidate = attempt == 0 ? safeName : WithSuffix(safeName, attempt);
            var target = Path.Combine(directory, candidate);
            var relative = Path.Combine(relativeDir, candidate);
            if (File.Exists(target) || !journal.TryBegin(relative))
            {
                continue; // taken, or being taken by a parallel upload: try the next name
            }
            var moved = false;
            try
            {
                moved = DirectorySync.MoveNoReplace(tempPath, target);
                if (moved)
                {
                    DirectorySync.Flush(directory);
                    return relative;
                }
            }
            finally
            {
                if (!moved)
                {
                    journal.Abandon(relative); // nothing was renamed to it (on a disk fault the caller's error goes on up)
                }
            }
        }
    }

    public void PlaceOriginal(string tempPath, string relativePath)
    {
        var target = FullPath(relativePath);
        var directory = Path.GetDirectoryName(target)!;
        DirectorySync.CreateDirectoryDurably(directory);
        File.Move(tempPath, target, overwrite: true);
        DirectorySync.Flush(directory);
        DirectorySync.Flush(tempDir);
    }

    public void DiscardTemp(string tempPath)
    {
        try
        {
            File.Delete(tempPath);
        }
        catch (IOException)
        {
            // Start-up recovery removes it later.
        }
    }

    public void DeleteOriginal(string relativePath)
    {
        var path = FullPath(relativePath);
        File.Delete(path);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }

    public string FullPath(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException($"Path '{relativePath}' escapes the library.");
    }

    public bool Exists(string relativePath) => File.Exists(FullPath(relativePath));

    public int RemoveLeftoverTemps()
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(tempDir))
        {
            File.Delete(file);
            removed++;
        }
        if (removed > 0)
        {
            DirectorySync.Flush(tempDir);
        }
        return removed;
    }

    public IEnumerable<string> EnumerateTemps() => Directory.Exists(tempDir)
        ? Directory.EnumerateFiles(tempDir).Select(path => Path.GetRelativePath(root, path))
        : [];

    public IEnumerable<string> EnumerateOriginals() =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path))
            .Where(path => !path.StartsWith(TempFolderName + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>
    /// Keeps the client's name recognisable but safe: no directories, no control characters, no leading dot,
    /// at most 200 UTF-8 bytes (filesystems allow 255).
    /// </summary>
    public static string SafeFileName(string name)
    {
        var baseName = name.Replace('\\', '/');
        baseName = baseName[(baseName.LastIndexOf('/') + 1)..];
        var cleaned = new StringBuilder(baseName.Length);
        foreach (var c in baseName)
        {
            cleaned.Append(char.IsControl(c) || c == ':' ? '_' : c);
        }
        var result = cleaned.ToString().Trim().TrimStart('.');
        if (result.Length == 0)
        {
            result = "file";
        }
        while (Encoding.UTF8.GetByteCount(result) > 200)
        {
            var extension = Path.GetExtension(result);
            var stem = Path.GetFileNameWithoutExtension(result);
            result = stem[..^1] + (extension.Length < 20 ? extension : "");
        }
        return result;
    }

    private static string WithSuffix(string name, int number)
    {
        var extension = Path.GetExtension(name);
        return $"{Path.GetFileNameWithoutExtension(name)}+{number.ToString(CultureInfo.InvariantCulture)}{extension}";
    }
}
