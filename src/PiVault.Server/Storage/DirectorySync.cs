using System.Runtime.InteropServices;

namespace PiVault.Server.Storage;

/// <summary>
/// fsync of a directory, so that a rename or a newly created entry survives power loss.
/// .NET cannot open a directory as a stream, so this goes to libc directly.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    // O_DIRECTORY is not the same number everywhere: 0200000 on x86-64, 040000 on arm64 (where 0200000 is O_DIRECT,
    // which a directory refuses with EINVAL: found by the arm64 smoke test). O_CLOEXEC is 02000000 on both.
    private static readonly int Directory = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;
    private const int CloseOnExec = 0x80000;

    /// <summary>Creates missing folders and flushes each parent, so the new entries survive a power cut.</summary>
    public static void CreateDirectoryDurably(string directory)
    {
        if (System.IO.Directory.Exists(directory))
        {
            return;
        }
        var parent = Path.GetDirectoryName(directory)!;
        CreateDirectoryDurably(parent);
        System.IO.Directory.CreateDirectory(directory);
        Flush(parent);
    }

    /// <summary>Flushes the directory entry table of <paramref name="path"/>; a no-op off Linux.</summary>
    public static void Flush(string path) => OnDirectory(path, Fsync, "fsync");

    /// <summary>
    /// Writes everything the file system holding <paramref name="path"/> has cached to its disk (syncfs(2)): one flush
    /// for a batch of files written without their own fsync. A no-op off Linux.
    /// </summary>
    public static void FlushFileSystem(string path) => OnDirectory(path, SyncFs, "syncfs");

    private static void OnDirectory(string path, Func<int, int> call, string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var descriptor = Open(path, ReadOnly | Directory | CloseOnExec);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open directory '{path}' to flush it (errno {errno}).", errno); // HResult = errno, as .NET's own IO errors (see DiskFaults)
        }
        try
        {
            if (call(descriptor) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"{name} of directory '{path}' failed (errno {errno}).", errno);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private const int AlreadyExists = 17; // EEXIST

    /// <summary>
    /// Moves <paramref name="source"/> to <paramref name="target"/> only if nothing is there, atomically: link() fails
    /// when the name exists, unlike rename(), which replaces it. Returns false when the name is taken.
    /// Filesystems without hard links fall back to a check-then-rename under a process-wide lock.
    /// </summary>
    public static bool MoveNoReplace(string source, string target)
    {
        if (OperatingSystem.IsLinux())
        {
            if (Link(source, target) == 0)
            {
                File.Delete(source);
                return true;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == AlreadyExists)
            {
                return false;
            }
        }
        lock (NoLinkGate)
        {
            if (File.Exists(target))
            {
                return false;
            }
            File.Move(source, target);
            return true;
        }
    }

    private static readonly Lock NoLinkGate = new();

    /// <summary>
    /// Makes <paramref name="newPath"/> a second name of <paramref name="existing"/> (a hard link: no bytes copied).
    /// False when the file system cannot (another file system, no hard links, not Linux): the caller copies instead.
    /// </summary>
    public static bool TryHardLink(string existing, string newPath) => OperatingSystem.IsLinux() && Link(existing, newPath) == 0;

    private const int CurrentDirectory = -100; // AT_FDCWD
    private const uint RenameExchange = 2; // RENAME_EXCHANGE

    /// <summary>
    /// Swaps the two names in one step (renameat2 with RENAME_EXCHANGE): a folder and the link that replaces it, so a
    /// power cut finds either both as they were or both swapped, never the name missing. Both must be on one file system.
    /// </summary>
    public static void Exchange(string first, string second)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Swapping two names atomically needs Linux (renameat2).");
        }
        if (RenameAt2(CurrentDirectory, first, CurrentDirectory, second, RenameExchange) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not swap '{first}' and '{second}' (errno {errno}).", errno);
        }
    }

    /// <returns>0, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "renameat2", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int RenameAt2(int oldDirectory, string oldPath, int newDirectory, string newPath, uint flags);

    /// <returns>0, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newPath);

    /// <returns>A file descriptor, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    /// <returns>0, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    /// <returns>0, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
