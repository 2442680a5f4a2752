using PiVault.Server.Configuration;
using PiVault.Server.Storage;

namespace PiVault.Server.Health;

/// <summary>
/// Free space per storage role. Roles whose folders sit on one filesystem are reported once, with every role named;
/// a role whose folder does not exist (not created yet, drive not mounted) is left out.
/// </summary>
public sealed class DiskSpace(PiVaultOptions options, ColdTierStore cold)
{
    public List<DiskDto> Read() => Read(StorageRoles.Of(options, cold));

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
