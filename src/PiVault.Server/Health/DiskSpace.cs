using System.Runtime.InteropServices;
using PiVault.Server.Configuration;

namespace PiVault.Server.Health;

public static class StorageRoles
{
    /// <summary>The data folder: the database and the thumbnails.</summary>
    public const string Data = "data";

    /// <summary>The originals.</summary>
    public const string Library = "library";

    /// <summary>Older originals moved off the hot drive, when a cold tier is configured.</summary>
    public const string Cold = "cold";
}

/// <summary>
/// Free space per storage role. Roles whose folders sit on one filesystem are reported once, with every role named;
/// a role whose folder does not exist (not created yet, drive not mounted) is left out.
/// </summary>
public sealed class DiskSpace(PiVaultOptions options)
{
    public List<DiskDto> Read() => Read(RolesOf(options));

    public static List<(string Role, string Path)> RolesOf(PiVaultOptions options)
    {
        List<(string, string)> roles = [(StorageRoles.Data, options.DataDir), (StorageRoles.Library, options.LibraryDir)];
        if (options.ColdTierDir is { Length: > 0 } cold)
        {
            roles.Add((StorageRoles.Cold, cold));
        }
        return roles;
    }

    public static List<DiskDto> Read(IEnumerable<(string Role, string Path)> roles)
    {
        var seen = new List<(FileSystemSpace Space, DiskDto Disk)>();
        foreach (var (role, path) in roles)
        {
            if (FileSystemSpace.Of(path) is not { } space)
            {
                continue;
            }
            var same = seen.FindIndex(s => s.Space.SameFileSystem(space));
            if (same >= 0)
            {
                seen[same].Disk.Roles.Add(role);
                continue;
            }
            var percent = space.TotalBytes > 0 ? Math.Round(100.0 * space.FreeBytes / space.TotalBytes, 1) : 0;
            seen.Add((space, new DiskDto([role], path, space.TotalBytes, space.FreeBytes, percent)));
        }
        return seen.Select(s => s.Disk).ToList();
    }
}

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
