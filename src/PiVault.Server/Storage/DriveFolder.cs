namespace PiVault.Server.Storage;

/// <summary>
/// A folder that stands for a drive — the cold tier, a backup drive, the hot library drive — and the one rule for
/// whether that drive is attached now. The folder must exist, and then:
/// <list type="bullet">
/// <item>a drive slot PiVault mounts (<see cref="SlotsRoot"/>/<c>&lt;slot&gt;</c>) counts only while a drive is mounted
/// there: the empty folder is where an unplugged drive would be mounted, and writing into it fills the system disk;</item>
/// <item>a plain folder (<c>--cold-tier-dir</c>, <c>--backup-targets</c>) counts when it is a mount point or already
/// carries the mark its use leaves on the drive (<paramref name="Marker"/>: the cold tier's <c>.tmp/</c>, a backup's
/// <c>pivault-backup/</c>), so a folder in use keeps working off a mount point and an empty one is never taken for a drive.</item>
/// </list>
/// </summary>
/// <param name="Root">The folder.</param>
/// <param name="MountedDrive">Whether it is a drive slot that only counts while mounted.</param>
/// <param name="Marker">The folder the use leaves on its drive, relative to <paramref name="Root"/>.</param>
/// <param name="MountInfo">The mount table to read (<c>/proc/self/mountinfo</c>); tests pass their own.</param>
public sealed record DriveFolder(string Root, bool MountedDrive, string Marker, string MountInfo = MountPoints.SelfMountInfo)
{
    /// <summary>Where the appliance mounts the drives it manages, one folder a slot (hot, cold, backup1…).</summary>
    public const string SlotsRoot = "/srv/pivault";

    /// <summary>Whether <paramref name="path"/> is one of the appliance's drive slots.</summary>
    public static bool IsSlot(string path) => Path.GetFullPath(path).StartsWith(SlotsRoot + "/", StringComparison.Ordinal);

    /// <summary>A folder whose kind is told by where it is: under <see cref="SlotsRoot"/> a slot, elsewhere a plain folder.</summary>
    public static DriveFolder At(string root, string marker, string mountInfo = MountPoints.SelfMountInfo) =>
        new(root, IsSlot(root), marker, mountInfo);

    public bool IsAttached
    {
        get
        {
            if (!Directory.Exists(Root))
            {
                return false;
            }
            var mounted = MountPoints.IsMountPoint(Root, MountInfo);
            return MountedDrive ? mounted : mounted || Directory.Exists(Path.Combine(Root, Marker));
        }
    }
}
