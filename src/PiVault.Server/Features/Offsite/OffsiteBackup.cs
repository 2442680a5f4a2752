using System.Globalization;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// One off-site run (docs/offsite-backup.md): the drive backup's own run (<see cref="BackupService"/>) stages the
/// library in the data folder — originals as hard links, XMP sidecars, the database snapshot, the manifest — then
/// rclone uploads that tree to <c>NAME_dest:current</c> (originals first, then the database, the manifest last, so the
/// remote's manifest never names a file the remote lacks), replaced and removed files going to
/// <c>deleted/&lt;date&gt;/</c>; then <c>rclone check</c> (<c>cryptcheck</c> when encrypted) compares every file, a
/// rotating sample is downloaded and compared byte for byte, and dated folders past the retention are purged.
/// Every step is idempotent: a run cut off anywhere (power, SIGKILL, the governor) is simply run again.
/// </summary>
public sealed class OffsiteBackup(PiVaultOptions options, Database database, OffsiteRunStore runs, IOffsitePace pace, TimeProvider time)
{
    public const string Staging = "staging";
    public const string Uploading = "uploading";
    public const string Verifying = "verifying";
    public const string Pruning = "pruning";

    /// <summary>How often a running rclone is checked against the governor and the time window.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly OffsitePaths paths = new(options);

    public string RcloneExecutable { get; init; } = "rclone";

    /// <summary>Called with each rclone child's process id (the SIGKILL tests kill it).</summary>
    public Action<int>? RcloneStarted { get; init; }

    public async Task<OffsiteRunDto> RunAsync(OffsiteRemote remote, string trigger, Action<OffsiteProgressDto> progress, CancellationToken cancel)
    {
        var started = time.GetUtcNow();
        var id = runs.Start(remote.Name, trigger, started);
        var run = new RunState(remote, started, progress);
        try
        {
            await StageAsync(run, cancel);
            await UploadAsync(run, cancel);
            await VerifyAsync(run, cancel);
            await PruneAsync(run, cancel);
            runs.Finish(id, BackupRunStore.Succeeded, time.GetUtcNow(), run.Counts(), null);
        }
        catch (OperationCanceledException)
        {
            runs.Finish(id, BackupRunStore.Cancelled, time.GetUtcNow(), run.Counts(), "stopped");
            throw;
        }
        catch (Exception e) when (e is OffsiteException or BackupException or IOException or UnauthorizedAccessException)
        {
            runs.Finish(id, BackupRunStore.Failed, time.GetUtcNow(), run.Counts(), e.Message);
            throw;
        }
        return runs.Last(remote.Name)!;
    }

    private async Task StageAsync(RunState run, CancellationToken cancel)
    {
        Directory.CreateDirectory(paths.Staging(run.Remote.Name));
        var pacing = new BackupPacing(OffsitePace.For(pace, run.Remote));
        var copier = new PacedCopier(new LinkingCopier(), pacing, reason => run.Waiting = reason, () => { }, cancel);
        var service = new BackupService(database, options.LibraryDir, time, copier, TimeSpan.FromDays(run.Remote.RetentionDays)) { ColdDir = options.ColdTierDir };
        var report = await service.RunAsync(paths.Staging(run.Remote.Name), cancel,
            p => run.Report(Staging, new RcloneStats(p.BytesCopied, 0, p.FilesDone, p.FilesTotal, 0, null)));
        run.FilesOnRemote = report.FilesOnBackup;
    }

    private async Task UploadAsync(RunState run, CancellationToken cancel)
    {
        var root = paths.Layout(run.Remote.Name).Root;
        var current = Current(run.Remote);
        var backupDir = $"{RcloneConfigFile.Destination(run.Remote.Name)}:deleted/{time.GetUtcNow():yyyy-MM-dd}";
        var common = new List<string> { "--backup-dir", backupDir, "--exclude", "*" + BackupLayout.TempSuffix };
        if (run.Remote.BandwidthLimit is { } limit)
        {
            common.AddRange(["--bwlimit", limit]);
        }
        // Originals and sidecars first (sync: a file the staged tree dropped after its retention moves to deleted/), then
        // the database, then the manifest and report: the manifest up there never names a file that is not.
        await RequireAsync(run, Uploading, ["sync", root, current, "--exclude", "/pivault.db", "--exclude", "/manifest.tsv", "--exclude", "/backup.json", .. common], cancel);
        await RequireAsync(run, Uploading, ["copy", root, current, "--include", "/pivault.db", .. common], cancel);
        await RequireAsync(run, Uploading, ["copy", root, current, "--include", "/manifest.tsv", "--include", "/backup.json", .. common], cancel);
    }

    private async Task VerifyAsync(RunState run, CancellationToken cancel)
    {
        var layout = paths.Layout(run.Remote.Name);
        var current = Current(run.Remote);
        var combined = Path.Combine(paths.Staging(run.Remote.Name), "check.txt");
        // Every file: sizes, and hashes where the storage keeps them (cryptcheck hashes the encrypted bytes).
        var check = await RunPacedAsync(run, Verifying,
            [run.Remote.Encrypted ? "cryptcheck" : "check", layout.Root, current, "--one-way", "--exclude", "*" + BackupLayout.TempSuffix, "--combined", combined], cancel);
        await RepairAsync(run, check, combined, cancel);
        // A rotating sample downloaded and compared byte for byte (decrypted when encrypted): catches what stored hashes miss.
        var entries = BackupManifest.Read(layout.ManifestPath).Values.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        var sample = BackupVerifier.Sample(entries, runs.VerifyCursor(run.Remote.Name));
        var list = Path.Combine(paths.Staging(run.Remote.Name), "sample.txt");
        // Filter rules (listing the folders) rather than --files-from (one HEAD per file, which some S3 servers answer wrongly for nested keys).
        await File.WriteAllLinesAsync(list, sample.Select(e => "/library/" + Literal(e.Path)).Append("/manifest.tsv"), cancel);
        var download = await RunPacedAsync(run, Verifying, ["check", layout.Root, current, "--download", "--one-way", "--include-from", list, "--combined", combined], cancel);
        await RepairAsync(run, download, combined, cancel);
        run.FilesSampled = sample.Count;
        run.VerifyCursor = sample.Count > 0 ? sample[^1].Path : null;
    }

    /// <summary>
    /// Files the check found different, unreadable or missing on the remote are removed there, so the next run uploads
    /// them again, and the run fails naming them.
    /// </summary>
    private async Task RepairAsync(RunState run, RcloneResult check, string combined, CancellationToken cancel)
    {
        if (check.Succeeded)
        {
            return;
        }
        var bad = File.Exists(combined)
            ? File.ReadLines(combined).Where(l => l.Length > 2 && l[0] is '*' or '!' or '+').Select(l => (Mark: l[0], Path: l[2..])).ToList()
            : [];
        if (bad.Count == 0)
        {
            throw new OffsiteException($"Checking the off-site copy on {run.Remote.Name} failed: {check.Describe()}");
        }
        foreach (var (mark, path) in bad.Where(b => b.Mark != '+'))
        {
            await Rclone().RunAsync(["deletefile", $"{Current(run.Remote)}/{path}"], null, cancel);
        }
        var names = string.Join(", ", bad.Take(5).Select(b => b.Path)) + (bad.Count > 5 ? $" and {bad.Count - 5} more" : "");
        throw new OffsiteVerificationException(
            $"Verification failed: {names} on {run.Remote.Name} did not match the backup (removed there; the next run uploads them again).");
    }

    private async Task PruneAsync(RunState run, CancellationToken cancel)
    {
        var deleted = $"{RcloneConfigFile.Destination(run.Remote.Name)}:deleted";
        var listing = await RunPacedAsync(run, Pruning, ["lsf", deleted, "--dirs-only"], cancel);
        if (!listing.Succeeded)
        {
            return; // no deleted/ folder yet
        }
        var oldest = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-run.Remote.RetentionDays);
        foreach (var folder in listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.TrimEnd('/')))
        {
            if (DateOnly.TryParseExact(folder, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < oldest)
            {
                await RequireAsync(run, Pruning, ["purge", $"{deleted}/{folder}"], cancel);
            }
        }
    }

    /// <summary>A path as an rclone filter rule that matches only itself: its glob characters escaped.</summary>
    private static string Literal(string path) => string.Concat(path.Select(c => c is '*' or '?' or '[' or ']' or '{' or '}' or '\\' ? $"\\{c}" : c.ToString()));

    private static string Current(OffsiteRemote remote) => $"{RcloneConfigFile.Destination(remote.Name)}:current";

    private Rclone Rclone() => new(paths.ConfigPath, RcloneExecutable) { Started = RcloneStarted };

    private async Task RequireAsync(RunState run, string phase, List<string> arguments, CancellationToken cancel)
    {
        var result = await RunPacedAsync(run, phase, arguments, cancel);
        if (!result.Succeeded && OffsiteHostKeys.Changed(result))
        {
            throw new OffsiteException(OffsiteHostKeys.ChangedMessage(run.Remote));
        }
        if (!result.Succeeded)
        {
            throw new OffsiteException($"Uploading to {run.Remote.Name} failed: {result.Describe()}");
        }
        run.Commit(phase);
    }

    /// <summary>
    /// Runs rclone, stopping it whenever the governor or the time window says wait and running it again afterwards
    /// (rclone skips what is already there).
    /// </summary>
    private async Task<RcloneResult> RunPacedAsync(RunState run, string phase, List<string> arguments, CancellationToken cancel)
    {
        // --fast-list: one recursive listing per bucket instead of one per folder (fewer paid requests; and s3rver's
        // folder listing misses nested keys).
        List<string> withLog = [.. arguments, "--fast-list", "--use-json-log", "-v", "--stats", "1s"];
        while (true)
        {
            while (pace.WaitReason(run.Remote) is { } reason)
            {
                run.Waiting = reason;
                run.Report(phase, run.Stats);
                await Task.Delay(Poll, cancel);
            }
            run.Waiting = null;
            run.Restart();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var paused = false;
            var watch = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(Poll, stop.Token);
                    if (pace.WaitReason(run.Remote) is not null)
                    {
                        paused = true;
                        await stop.CancelAsync();
                    }
                }
            }, CancellationToken.None);
            try
            {
                return await Rclone().RunAsync(withLog, stats => run.Report(phase, stats), stop.Token);
            }
            catch (OperationCanceledException) when (paused && !cancel.IsCancellationRequested)
            {
                // Given way: wait above, then run the same command again.
            }
            finally
            {
                await stop.CancelAsync();
                try
                {
                    await watch;
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    /// <summary>What this run has done so far, and its progress callback.</summary>
    private sealed class RunState(OffsiteRemote remote, DateTimeOffset started, Action<OffsiteProgressDto> progress)
    {
        public OffsiteRemote Remote { get; } = remote;

        public string? Waiting { get; set; }

        public RcloneStats Stats { get; private set; } = new(0, 0, 0, 0, 0, null);

        public int FilesOnRemote { get; set; }

        public int FilesSampled { get; set; }

        public string? VerifyCursor { get; set; }

        private int filesUploaded;
        private long bytesUploaded;

        /// <summary>A new rclone command: its stats start from zero.</summary>
        public void Restart() => Stats = new(0, 0, 0, 0, 0, null);

        /// <summary>An upload command finished: what it transferred counts for the run.</summary>
        public void Commit(string phase)
        {
            if (phase == Uploading)
            {
                filesUploaded += Stats.Transfers;
                bytesUploaded += Stats.Bytes;
            }
        }

        public void Report(string phase, RcloneStats stats)
        {
            Stats = stats;
            progress(new OffsiteProgressDto(Remote.Name, phase, stats.Bytes, stats.TotalBytes, stats.Transfers, stats.TotalTransfers, stats.Speed,
                stats.EtaSeconds, Waiting, started));
        }

        public OffsiteRunCounts Counts() => new(filesUploaded, bytesUploaded, FilesOnRemote, FilesSampled, VerifyCursor);
    }
}
