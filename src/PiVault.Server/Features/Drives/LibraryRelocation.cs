using PiVault.Server.Storage;

namespace PiVault.Server.Features.Drives;

/// <summary>Where the library's folders were left by <see cref="LibraryRelocation.Run"/>.</summary>
public enum LibraryPlace
{
    /// <summary>In the data folder: no drive has the hot role.</summary>
    DataFolder,

    /// <summary>On the hot drive: <c>&lt;data&gt;/library</c> and <c>&lt;data&gt;/thumbs</c> are links to its folders.</summary>
    HotDrive,

    /// <summary>A drive has the hot role but is not mounted: the library stays where it is and moves at a later start.</summary>
    WaitingForDrive,
}

/// <summary>The durable steps of moving one of the library's folders onto the hot drive; a crash after any of them is finished at the next start.</summary>
public enum LibraryRelocationStep
{
    /// <summary>One more file is on the drive, fsynced, renamed into place and read back with the source's SHA-1.</summary>
    FileCopied,

    /// <summary><c>&lt;folder&gt;.moving</c> is a link to the copy on the drive.</summary>
    Linked,

    /// <summary>The folder and the link swapped names in one rename: from now on the copy on the drive is the library.</summary>
    Switched,

    /// <summary>The old folder (now <c>&lt;folder&gt;.moving</c>) is deleted.</summary>
    OldRemoved,
}

/// <summary>
/// Moves the library — originals (<c>library/</c>) and the files made from them (<c>thumbs/</c>) — onto the drive with
/// the hot role, at start-up before anything reads or writes them (docs/storage.md, "The hot drive"). Each file is
/// copied as every move between drives copies (<see cref="VerifiedCopy"/>: temp → fsync → rename → verify SHA-1); a file
/// already there with the right bytes is skipped, so a run cut off anywhere resumes. Then the switch: a link to the copy
/// is made beside the folder and the two swap names in one atomic rename, so every path the database holds (relative to
/// <c>&lt;data&gt;/library</c>) now reaches the drive; then the old folder is removed. Until the swap the data folder's
/// copy is the library; after it the drive's, which was verified first. The database stays in the data folder.
/// </summary>
public sealed partial class LibraryRelocation(string dataDir, Func<DriveFolder?> hotDrive, ILogger<LibraryRelocation> logger)
{
    public const string MovingSuffix = ".moving";
    private const string PartPrefix = "relocate-";

    /// <summary>The folders of the data folder that move: the originals and the derived files.</summary>
    public static readonly string[] Folders = ["library", "thumbs"];

    /// <summary>Test hook: called after each durable step with the folder's name; throwing from it is a crash at that point.</summary>
    public Action<string, LibraryRelocationStep>? AfterStep { get; set; }

    /// <summary>Called now and then while files are copied (files done, of how many), so systemd can be told the start goes on.</summary>
    public Action<int, int>? Progress { get; set; }

    /// <summary>Whether <c>&lt;data&gt;/library</c> is on the hot drive already (a link there).</summary>
    public static bool IsOnHotDrive(string dataDir) => IsLink(Path.Combine(dataDir, Folders[0]));

    public LibraryPlace Run()
    {
        var drive = hotDrive();
        if (drive is not null && !drive.IsAttached && !Folders.All(f => IsLink(Path.Combine(dataDir, f))))
        {
            LogWaiting(logger, drive.Root);
            return LibraryPlace.WaitingForDrive;
        }
        var moved = 0;
        foreach (var folder in Folders)
        {
            var current = Path.Combine(dataDir, folder);
            var moving = current + MovingSuffix;
            if (IsLink(current))
            {
                RemoveOld(folder, moving); // a crash after the swap left the old folder
                moved++;
            }
            else if (drive is null)
            {
                RemoveStaleLink(moving); // the role was taken away before the swap
            }
            else
            {
                Relocate(folder, current, Path.Combine(drive.Root, folder), moving);
                moved++;
            }
        }
        return moved == 0 ? LibraryPlace.DataFolder : LibraryPlace.HotDrive;
    }

    private void Relocate(string folder, string current, string target, string moving)
    {
        DirectorySync.CreateDirectoryDurably(current);
        var temps = Path.Combine(target, LibraryFileStore.TempFolderName);
        DirectorySync.CreateDirectoryDurably(temps);
        RemoveParts(temps);
        var files = Directory.EnumerateFiles(current, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(current, f).StartsWith(LibraryFileStore.TempFolderName + "/", StringComparison.Ordinal)).ToList();
        LogRelocating(logger, folder, files.Count, target);
        for (var i = 0; i < files.Count; i++)
        {
            Progress?.Invoke(i, files.Count);
            var copy = Path.Combine(target, Path.GetRelativePath(current, files[i]));
            var checksum = ContentChecksum.OfFile(files[i]);
            if (VerifiedCopy.Matches(copy, checksum))
            {
                continue; // a run cut off earlier copied it
            }
            var part = Path.Combine(temps, PartPrefix + Guid.NewGuid().ToString("N"));
            VerifiedCopy.ToTemp(files[i], part);
            VerifiedCopy.Place(part, copy);
            if (!VerifiedCopy.Matches(copy, checksum))
            {
                throw new IOException($"The copy of {files[i]} on the hot drive does not match its SHA-1; the library stays in {current}.");
            }
            Step(folder, LibraryRelocationStep.FileCopied);
        }
        RemoveStaleLink(moving);
        File.CreateSymbolicLink(moving, target);
        DirectorySync.Flush(dataDir);
        Step(folder, LibraryRelocationStep.Linked);
        DirectorySync.Exchange(moving, current);
        DirectorySync.Flush(dataDir);
        Step(folder, LibraryRelocationStep.Switched);
        RemoveOld(folder, moving);
    }

    private void RemoveOld(string folder, string moving)
    {
        if (Directory.Exists(moving) && !IsLink(moving))
        {
            Directory.Delete(moving, recursive: true);
            DirectorySync.Flush(dataDir);
            Step(folder, LibraryRelocationStep.OldRemoved);
            LogRelocated(logger, folder);
        }
    }

    private static void RemoveStaleLink(string moving)
    {
        if (IsLink(moving))
        {
            File.Delete(moving);
        }
    }

    private static void RemoveParts(string temps)
    {
        foreach (var part in Directory.EnumerateFiles(temps, PartPrefix + "*"))
        {
            File.Delete(part);
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    private void Step(string folder, LibraryRelocationStep step) => AfterStep?.Invoke(folder, step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A drive has the hot role but is not mounted at {Root}: the library stays in the data folder and moves at a later start")]
    private static partial void LogWaiting(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moving {Folder} ({Files} files) onto the hot drive at {Target}")]
    private static partial void LogRelocating(ILogger logger, string folder, int files, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Folder} is on the hot drive; the data folder's old copy is removed")]
    private static partial void LogRelocated(ILogger logger, string folder);
}
