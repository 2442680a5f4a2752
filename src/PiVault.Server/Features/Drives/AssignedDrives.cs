using PiVault.Server.Data;

namespace PiVault.Server.Features.Drives;

/// <summary>
/// The drives that have a role now, with their mount points: where the cold tier and the backup drives are on the
/// appliance. Read from the registry on first use, replaced by each role change, which <see cref="Changed"/> announces
/// (the tiering scheduler plans at once instead of at its next hour).
/// </summary>
public sealed class AssignedDrives(Database database, DriveRegistry registry)
{
    private volatile IReadOnlyList<DriveMount>? mounts;

    public event Action? Changed;

    public IReadOnlyList<DriveMount> Current => mounts ??= Load();

    /// <summary>The mount point of the drive with the hot role (the library's, <see cref="LibraryRelocation"/>), or null.</summary>
    public string? HotDir => Current.FirstOrDefault(m => m.Slot == "hot")?.Where;

    /// <summary>The mount point of the drive with the cold role, or null.</summary>
    public string? ColdDir => Current.FirstOrDefault(m => m.Slot == "cold")?.Where;

    /// <summary>The mount points of the backup drives, in slot order (backup1, backup2, …).</summary>
    public IReadOnlyList<string> BackupDirs => Current.Where(m => m.Slot.StartsWith("backup", StringComparison.Ordinal)).OrderBy(m => m.Slot, StringComparer.Ordinal)
        .Select(m => m.Where).ToList();

    public void Set(IReadOnlyList<DriveMount> now)
    {
        mounts = now;
        Changed?.Invoke();
    }

    private List<DriveMount> Load()
    {
        using var db = database.Open(Durability.Relaxed);
        return DriveService.Slots(registry.All(db));
    }
}
