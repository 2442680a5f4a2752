using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// Re-reads files on the backup and compares them with the manifest: every file copied in this run, plus a rotating
/// sample of the others (<see cref="SampleShare"/> of them, at least <see cref="MinimumSample"/>) that starts after the
/// path where the previous run stopped, so over many runs every file is read again.
/// </summary>
public static class BackupVerifier
{
    public const double SampleShare = 0.02;

    public const int MinimumSample = 20;

    /// <summary>The older files this run re-reads: those after <paramref name="cursor"/> in path order, wrapping round.</summary>
    public static List<BackupManifestEntry> Sample(IReadOnlyList<BackupManifestEntry> older, string? cursor)
    {
        var sorted = older.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        var count = Math.Min(sorted.Count, Math.Max(MinimumSample, (int)Math.Ceiling(sorted.Count * SampleShare)));
        var start = cursor is null ? 0 : sorted.FindIndex(e => string.CompareOrdinal(e.Path, cursor) > 0);
        start = start < 0 ? 0 : start;
        return Enumerable.Range(0, count).Select(i => sorted[(start + i) % sorted.Count]).ToList();
    }

    /// <summary>Throws <see cref="BackupVerificationException"/> naming the file when it is missing or its bytes differ.</summary>
    public static void Verify(BackupLayout layout, BackupManifestEntry entry, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var path = layout.LibraryFile(entry.Path);
        if (!File.Exists(path))
        {
            throw new BackupVerificationException(entry.Path, $"Verification failed: {entry.Path} is missing from the backup.");
        }
        var actual = ContentChecksum.OfFile(path);
        if (!actual.AsSpan().SequenceEqual(entry.Checksum))
        {
            throw new BackupVerificationException(entry.Path,
                $"Verification failed: {entry.Path} on the backup has SHA-1 {Convert.ToHexStringLower(actual)}, the manifest says {entry.ChecksumHex}; " +
                "the backup drive may be failing.");
        }
    }
}
