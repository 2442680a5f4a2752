using PiVault.Server.Configuration;

namespace PiVault.Server.Storage;

/// <summary>A storage role ("library", "data", "cold") whose disk is full, read-only or missing right now.</summary>
public sealed record StorageFault(string Role, string Path, DiskFaultKind Kind);

/// <summary>
/// Which disks are faulty now. Read-only and missing are seen directly (the mount's read-only flag; the folder, or the
/// library's <c>.tmp</c> that lives on the drive, gone — an unmounted drive leaves an empty folder behind). Full is
/// also remembered from the last write that failed for lack of space, since a large upload can fail with space left:
/// that lasts until the disk has gained room. Nothing here needs a restart: every call looks again.
/// </summary>
public sealed class StorageFaults(PiVaultOptions options, ColdTierStore cold)
{
    /// <summary>Space a disk must gain after a failed write before it stops counting as full.</summary>
    public const long RecoveredBytes = 1024 * 1024;

    private readonly Lock gate = new();
    private readonly Dictionary<string, long> fullAt = new(StringComparer.Ordinal);

    /// <summary>Notes a fault a write ran into. A full disk is put down to the role with the least free space then.</summary>
    public void Observe(DiskFaultKind kind)
    {
        if (kind != DiskFaultKind.Full)
        {
            return; // read-only and missing are visible without a memory
        }
        var spaces = Roles().Select(r => (r.Role, Space: FileSystemSpace.Of(r.Path))).Where(r => r.Space is not null).ToList();
        if (spaces.Count == 0)
        {
            return;
        }
        var fullest = spaces.MinBy(r => r.Space!.Value.FreeBytes);
        lock (gate)
        {
            fullAt[fullest.Role] = fullest.Space!.Value.FreeBytes;
        }
    }

    /// <summary>The faults now, at most one per role.</summary>
    public List<StorageFault> Current()
    {
        var faults = new List<StorageFault>();
        foreach (var (role, path) in Roles())
        {
            if (Probe(role, path) is { } kind)
            {
                faults.Add(new StorageFault(role, path, kind));
            }
        }
        return faults;
    }

    private DiskFaultKind? Probe(string role, string path)
    {
        if (!Directory.Exists(path) || role == StorageRoles.Library && !LibraryFileStore.LooksMounted(path))
        {
            return DiskFaultKind.Missing;
        }
        if (FileSystemSpace.Of(path) is not { } space)
        {
            return DiskFaultKind.Missing;
        }
        if (space.ReadOnly)
        {
            return DiskFaultKind.ReadOnly;
        }
        lock (gate)
        {
            if (fullAt.TryGetValue(role, out var freeThen))
            {
                if (space.FreeBytes < freeThen + RecoveredBytes)
                {
                    return DiskFaultKind.Full;
                }
                fullAt.Remove(role);
            }
        }
        return space.TotalBytes > 0 && space.FreeBytes == 0 ? DiskFaultKind.Full : null;
    }

    private List<(string Role, string Path)> Roles() => StorageRoles.Of(options, cold);
}
