using System.Runtime.InteropServices;

namespace PiVault.Server.Storage;

/// <summary>Size and free space of the filesystem holding a folder.</summary>
internal readonly record struct FileSystemSpace(long TotalBytes, long FreeBytes, ulong Id, ulong Blocks, ulong Files, bool ReadOnly = false)
{
    /// <summary>
    /// f_fsid identifies the filesystem on ext4, btrfs, xfs and tmpfs; some filesystems leave it 0, so the block and
    /// inode counts (fixed per filesystem) must match too.
    /// </summary>
    public bool SameFileSystem(FileSystemSpace other) => Id == other.Id && Blocks == other.Blocks && Files == other.Files;

    /// <summary>Null when the folder does not exist or cannot be examined.</summary>
    public static FileSystemSpace? Of(string path)
    {
        if (!Directory.Exists(path))
        {
            return null;
        }
        if (!OperatingSystem.IsLinux())
        {
            var drive = new DriveInfo(path);
            return new FileSystemSpace(drive.TotalSize, drive.AvailableFreeSpace, (ulong)drive.RootDirectory.FullName.GetHashCode(StringComparison.Ordinal), 0, 0);
        }
        return StatVfs.Read(path);
    }
}

/// <summary>
/// statvfs(3) from libc. Free means available to an unprivileged process (f_bavail): the root-reserved blocks of
/// ext4 are no use to PiVault's service user.
/// </summary>
internal static partial class StatVfs
{
    private const ulong ReadOnlyFlag = 1; // ST_RDONLY

    public static FileSystemSpace? Read(string path)
    {
        if (Native(path, out var vfs) != 0)
        {
            return null;
        }
        var unit = vfs.FragmentSize;
        return new FileSystemSpace((long)(vfs.Blocks * unit), (long)(vfs.BlocksAvailable * unit), vfs.FileSystemId, vfs.Blocks, vfs.Files,
            (vfs.Flags & ReadOnlyFlag) != 0);
    }

    /// <summary>
    /// glibc's struct statvfs on 64-bit Linux (x86-64 and arm64 alike): eleven unsigned longs, then six reserved ints.
    /// Size leaves slack beyond the 112 bytes the headers give, so no layout surprise can overrun it.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    private struct Buffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FileSystemId;
        public ulong Flags;
        public ulong NameMax;
    }

    /// <summary>Returns 0 on success, -1 with errno set otherwise; the callee fills the caller's buffer.</summary>
    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Native(string path, out Buffer buffer);
}
