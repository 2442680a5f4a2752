using System.Text.Json;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Json;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// An incremental backup of the data folder onto a drive (docs/backup.md): originals not yet there with the same
/// SHA-1 are copied durably, the database is copied as one consistent snapshot, the copies and a rotating sample of
/// older files are re-read, and only then are the database, the manifest and <c>backup.json</c> put in place — so a
/// run cut off at any point leaves the previous backup valid, and the next run resumes.
/// </summary>
/// <param name="retention">How long the originals deleted from the library stay on the backup.</param>
public sealed class BackupService(Database database, string libraryDir, TimeProvider time, IBackupFileCopier copier, TimeSpan retention)
{
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(90);

    /// <summary>The cold tier's folder, where the originals the database puts there are read from (null: none configured).</summary>
    public string? ColdDir { get; init; }

    /// <summary>Called after each step of a run; the crash tests throw from it to cut a run off there.</summary>
    public Action<BackupStep>? AfterStep { get; init; }

    /// <summary>The backup of the server configured by <paramref name="options"/>, with the real copier.</summary>
    public static BackupService For(PiVaultOptions options, Database database, TimeProvider time) =>
        new(database, options.LibraryDir, time, new DurableFileCopier(), DefaultRetention) { ColdDir = options.ColdTierDir };

    /// <summary>
    /// Backs up to <c>&lt;targetRoot&gt;/pivault-backup/</c>. Throws <see cref="BackupTargetException"/> when the
    /// target is missing or read-only (nothing written), <see cref="BackupVerificationException"/> when a file on the
    /// backup does not match the manifest (the bad copy is removed, so the next run copies it again).
    /// </summary>
    /// <param name="progress">Called on the run's thread as it goes: the phase, files done of the phase's total, bytes copied.</param>
    public Task<BackupReport> RunAsync(string targetRoot, CancellationToken cancel, Action<BackupProgress>? progress = null) =>
        Task.Run(() => Run(targetRoot, progress ?? (_ => { }), cancel), cancel);

    private BackupReport Run(string targetRoot, Action<BackupProgress> progress, CancellationToken cancel)
    {
        progress(new BackupProgress(BackupProgress.Snapshot, 0, 0, 0));
        var started = time.GetUtcNow();
        var layout = BackupTarget.Prepare(targetRoot);
        var previous = BackupManifest.Read(layout.ManifestPath);
        var cursor = BackupTarget.ReadReport(layout)?.VerifyCursor;
        var snapshot = BackupLayout.TempFor(layout.DatabasePath);
        var run = new BackupRun(layout);
        try
        {
            var originals = BackupSource.Snapshot(database, snapshot);
            Step(BackupStep.Snapshotted);
            var plan = BackupPlan.Make(originals, BackupSidecars.Originals(previous), layout, started, retention);
            var fresh = Copy(plan, run, previous, progress, cancel);
            Step(BackupStep.Copied);
            var sidecars = BackupSidecars.Write(layout, snapshot, originals, previous, plan, cancel);
            Step(BackupStep.SidecarsWritten);
            copier.Settle(layout.Root);
            Step(BackupStep.Settled);
            var entries = plan.Unchanged.Concat(fresh).Concat(plan.Deleted).Concat(sidecars).ToList();
            var older = entries.Where(e => !run.CopiedPaths.Contains(e.Path)).ToList();
            var sample = BackupVerifier.Sample(older, cursor);
            var toVerify = fresh.Where(e => run.CopiedPaths.Contains(e.Path)).Concat(sample).ToList();
            for (var i = 0; i < toVerify.Count; i++)
            {
                progress(new BackupProgress(BackupProgress.Verifying, i, toVerify.Count, run.BytesCopied));
                Verify(layout, toVerify[i], cancel);
            }
            Step(BackupStep.Verified);
            progress(new BackupProgress(BackupProgress.Finishing, toVerify.Count, toVerify.Count, run.BytesCopied));
            RemoveExpired(layout, plan.Expired);
            Step(BackupStep.ExpiredRemoved);
            DurableFile.Replace(snapshot, layout.DatabasePath);
            Step(BackupStep.DatabasePlaced);
            BackupManifest.Write(layout.ManifestPath, entries);
            Step(BackupStep.ManifestWritten);
            var onBackup = entries.Count - sidecars.Count;
            var report = new BackupReport(started, time.GetUtcNow(), BackupReport.Succeeded, onBackup, run.CopiedPaths.Count, run.BytesCopied,
                onBackup - run.CopiedPaths.Count, plan.NewlyDeleted, plan.Expired.Count, run.CopiedPaths.Count + sample.Count,
                sample.Count > 0 ? sample[^1].Path : cursor);
            WriteReport(layout, report);
            return report;
        }
        catch (Exception e) when (e is not BackupTargetException)
        {
            WriteReport(layout, new BackupReport(started, time.GetUtcNow(), $"failed: {e.Message}", previous.Count, run.CopiedPaths.Count,
                run.BytesCopied, 0, 0, 0, 0, cursor), quiet: true);
            throw;
        }
        finally
        {
            File.Delete(snapshot);
        }
    }

    private void Step(BackupStep step) => AfterStep?.Invoke(step);

    /// <summary>Copies each original to check unless the backup already holds its bytes (left by a cut-off run).</summary>
    private List<BackupManifestEntry> Copy(BackupPlan plan, BackupRun run, Dictionary<string, BackupManifestEntry> previous, Action<BackupProgress> progress, CancellationToken cancel)
    {
        var entries = new List<BackupManifestEntry>(plan.ToCheck.Count);
        foreach (var original in plan.ToCheck)
        {
            progress(new BackupProgress(BackupProgress.Copying, entries.Count, plan.ToCheck.Count, run.BytesCopied));
            cancel.ThrowIfCancellationRequested();
            var target = run.Layout.LibraryFile(original.Path);
            var write = BackupCopies.WriteFor(run.Layout, previous, original.Path, original.Checksum);
            if (write != BackupWrite.AlreadyThere)
            {
                var onCold = original.Tier == OriginalTier.Cold;
                var source = BackupLayout.ContainedPath(onCold && ColdDir is not null ? ColdDir : libraryDir, original.Path);
                if (!File.Exists(source))
                {
                    throw new BackupException(onCold
                        ? $"The original {original.Path} (asset {original.AssetId}) is on the cold drive, which is not attached or lacks it: attach it and run the backup again."
                        : $"The original {original.Path} (asset {original.AssetId}) is missing from the library: run 'pivault db check'.");
                }
                if (write == BackupWrite.Replace)
                {
                    copier.Copy(source, target); // replaces a file a manifest may name: durable before it is renamed in
                }
                else
                {
                    copier.CopyNew(source, target); // made durable with the rest by Settle, before the manifest names it
                }
                run.Copied(original.Path, new FileInfo(target).Length);
            }
            entries.Add(new BackupManifestEntry(original.Path, new FileInfo(target).Length, original.Checksum, original.AssetId, null));
        }
        return entries;
    }

    private static void Verify(BackupLayout layout, BackupManifestEntry entry, CancellationToken cancel)
    {
        try
        {
            BackupVerifier.Verify(layout, entry, cancel);
        }
        catch (BackupVerificationException)
        {
            File.Delete(layout.LibraryFile(entry.Path)); // a bad copy is no copy: the next run writes it again
            throw;
        }
    }

    private static void RemoveExpired(BackupLayout layout, IEnumerable<BackupManifestEntry> expired)
    {
        foreach (var entry in expired)
        {
            var path = layout.LibraryFile(entry.Path);
            File.Delete(path);
            DirectorySync.Flush(Path.GetDirectoryName(path)!);
        }
    }

    private static void WriteReport(BackupLayout layout, BackupReport report, bool quiet = false)
    {
        if (quiet && !Directory.Exists(layout.Root))
        {
            return; // the drive was pulled out: writing would make the folder again on the empty mount point (the system's card)
        }
        try
        {
            DurableFile.WriteAllBytes(layout.ReportPath, JsonSerializer.SerializeToUtf8Bytes(report, PiVaultJsonContext.Default.BackupReport));
        }
        catch (Exception e) when (quiet && e is IOException or UnauthorizedAccessException)
        {
            // The drive failed under the run: the original error says more than this one.
        }
    }

    /// <summary>What this run has copied so far.</summary>
    private sealed class BackupRun(BackupLayout layout)
    {
        public BackupLayout Layout { get; } = layout;

        public HashSet<string> CopiedPaths { get; } = new(StringComparer.Ordinal);

        public long BytesCopied { get; private set; }

        public void Copied(string path, long bytes)
        {
            CopiedPaths.Add(path);
            BytesCopied += bytes;
        }
    }
}
