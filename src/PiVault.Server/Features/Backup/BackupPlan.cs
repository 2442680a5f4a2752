namespace PiVault.Server.Features.Backup;

/// <summary>
/// What a run does with the originals, decided from the database snapshot and the previous manifest before any file
/// moves: the originals to copy, the lines the new manifest keeps, the ones newly marked deleted and the deleted ones
/// whose retention has run out (their files leave the backup).
/// </summary>
public sealed class BackupPlan
{
    public List<BackedUpOriginal> ToCheck { get; } = [];

    /// <summary>Manifest lines carried over unchanged for originals still in the library with the same content.</summary>
    public List<BackupManifestEntry> Unchanged { get; } = [];

    /// <summary>Lines of originals gone from the library, with the time they were first seen gone.</summary>
    public List<BackupManifestEntry> Deleted { get; } = [];

    public int NewlyDeleted { get; private set; }

    public List<BackupManifestEntry> Expired { get; } = [];

    /// <summary>
    /// An original <see cref="BackupCopies.IsUnchanged"/> keeps its line; every other one is checked (and copied unless
    /// an interrupted run already left the right bytes).
    /// </summary>
    public static BackupPlan Make(
        IReadOnlyList<BackedUpOriginal> originals, IReadOnlyDictionary<string, BackupManifestEntry> previous, BackupLayout layout,
        DateTimeOffset now, TimeSpan retention)
    {
        var plan = new BackupPlan();
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var original in originals)
        {
            live.Add(original.Path);
            if (BackupCopies.IsUnchanged(layout, previous, original.Path, original.Checksum, out var entry))
            {
                plan.Unchanged.Add(entry with { AssetId = original.AssetId, DeletedAt = null });
            }
            else
            {
                plan.ToCheck.Add(original);
            }
        }
        foreach (var entry in previous.Values.Where(e => !live.Contains(e.Path)))
        {
            var deleted = entry.DeletedAt is null ? entry with { DeletedAt = now } : entry;
            plan.NewlyDeleted += entry.DeletedAt is null ? 1 : 0;
            (now - deleted.DeletedAt!.Value >= retention ? plan.Expired : plan.Deleted).Add(deleted);
        }
        return plan;
    }
}
