using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// The XMP sidecars of one run: one per original the snapshot names, written only when its bytes changed (the manifest
/// keeps each sidecar's SHA-1; which need writing, and how, is the originals' rule, <see cref="BackupCopies"/>). A
/// deleted original keeps its sidecar as long as it is kept; an expired one loses it.
/// </summary>
public static class BackupSidecars
{
    /// <summary>The previous manifest without sidecar lines: the plan of originals never sees them.</summary>
    public static Dictionary<string, BackupManifestEntry> Originals(Dictionary<string, BackupManifestEntry> previous) =>
        previous.Where(p => !XmpSidecar.IsSidecar(p.Key)).ToDictionary(StringComparer.Ordinal);

    /// <summary>Writes what changed and returns the sidecars' manifest lines.</summary>
    public static List<BackupManifestEntry> Write(BackupLayout layout, string snapshotPath, IReadOnlyList<BackedUpOriginal> originals,
        IReadOnlyDictionary<string, BackupManifestEntry> previous, BackupPlan plan, CancellationToken cancel)
    {
        var facts = XmpSource.Read(snapshotPath);
        var entries = new List<BackupManifestEntry>(originals.Count);
        foreach (var original in originals)
        {
            cancel.ThrowIfCancellationRequested();
            if (!facts.TryGetValue(original.AssetId, out var known))
            {
                continue;
            }
            var bytes = XmpSidecar.Write(known);
            var checksum = ContentChecksum.Of(bytes);
            var path = XmpSidecar.PathFor(original.Path);
            if (!BackupCopies.IsUnchanged(layout, previous, path, checksum, out _))
            {
                switch (BackupCopies.WriteFor(layout, previous, path, checksum))
                {
                    case BackupWrite.Replace:
                        DurableFile.WriteAllBytes(layout.LibraryFile(path), bytes);
                        break;
                    case BackupWrite.New:
                        DurableFile.WriteAllBytesUnsynced(layout.LibraryFile(path), bytes); // flushed with the run's copies before the manifest names it
                        break;
                }
            }
            entries.Add(new BackupManifestEntry(path, bytes.Length, checksum, original.AssetId, null));
        }
        foreach (var deleted in plan.Deleted)
        {
            if (previous.TryGetValue(XmpSidecar.PathFor(deleted.Path), out var sidecar))
            {
                entries.Add(sidecar with { DeletedAt = deleted.DeletedAt });
            }
        }
        foreach (var expired in plan.Expired)
        {
            File.Delete(layout.LibraryFile(XmpSidecar.PathFor(expired.Path)));
        }
        return entries;
    }
}
