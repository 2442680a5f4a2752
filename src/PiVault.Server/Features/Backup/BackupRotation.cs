using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Appliance;
using PiVault.Server.Features.Drives;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// Backup rotation (docs/backup.md, "Drives and runs"): one backup at a time to whichever configured backup drive is
/// attached, started by the button or the web; each run recorded in <c>backup_runs</c> under the drive's own id; then
/// "safe to unplug", or the drive unmounted on request. A run stopped or cut off leaves the previous backup valid and
/// the next run resumes (<see cref="BackupService"/>).
/// </summary>
public sealed partial class BackupRotation(
    PiVaultOptions options, Database database, BackupRunStore runs, IBackupFileCopier copier, BackupPacing pacing, ISystemBus bus, AssignedDrives assigned,
    ColdTierStore cold, TimeProvider time, ILogger<BackupRotation> logger) : IHostedService
{
    /// <summary>How long the LED says "safe to unplug" after a run or an unmount, and shows an error after a failure.</summary>
    public static readonly TimeSpan SafeToUnplugFor = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan ErrorFor = TimeSpan.FromHours(1);

    /// <summary>How long the LED shows the error after a request found no drive to back up to.</summary>
    public static readonly TimeSpan NoDriveFor = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private RunningBackup? current;
    private RotationState state = RotationState.Idle(null);

    /// <summary>Raised when a run starts, ends or the drive is unmounted (the status LED redraws at once).</summary>
    public event Action? Changed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        runs.CloseInterrupted(time.GetUtcNow());
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await StopRunningAsync();

    /// <summary>
    /// Starts a backup to the attached drive that waited longest, unless one is running (then <c>Started</c> is false and
    /// the status shows its progress). Throws <see cref="BackupNoDriveException"/> when no backup drive is attached.
    /// </summary>
    public BackupStartDto Start(string trigger)
    {
        RunningBackup started;
        lock (gate)
        {
            if (current is { } running)
            {
                return new BackupStartDto(false, $"A backup to {running.Target} is already running.", Status());
            }
            var target = PickTarget();
            if (target is null)
            {
                var reason = NoDriveMessage();
                // Drives set up but none plugged in: the LED answers the press. With none set up, the press only logs.
                if (Targets().Count > 0)
                {
                    state = RotationState.NoDrive(reason, time.GetUtcNow());
                    Raise();
                }
                throw new BackupNoDriveException(reason);
            }
            started = new RunningBackup(target, trigger, time.GetUtcNow());
            current = started;
            state = RotationState.Idle(null);
            started.Task = Task.Run(() => RunAsync(started));
        }
        LogStarted(logger, started.Target, trigger);
        Raise();
        return new BackupStartDto(true, $"Backing up to {started.Target}.", Status());
    }

    /// <summary>The running backup's task, or a finished one when none runs (tests and shutdown wait on it).</summary>
    public Task Running
    {
        get
        {
            lock (gate)
            {
                return current?.Task ?? Task.CompletedTask;
            }
        }
    }

    /// <summary>
    /// "Safely remove": stops a running backup cleanly (the previous backup stays valid, the next run resumes), then
    /// unmounts the drive through systemd (its mount unit). Without a system bus (development) nothing can be unmounted,
    /// but every file was already synced, so the drive is still reported safe to unplug.
    /// </summary>
    public async Task<BackupActionDto> EjectAsync(CancellationToken cancel = default)
    {
        var stopped = await StopRunningAsync();
        var target = LastTarget() ?? Targets().FirstOrDefault(t => BackupDrives.IsAttached(t));
        if (target is null)
        {
            throw new BackupNoDriveException(NoDriveMessage());
        }
        var before = stopped ? "The running backup was stopped; the previous backup on the drive is still valid and the next one resumes. " : "";
        string message;
        try
        {
            // StopUnit only queues systemd's job: the drive is safe to unplug once the mount is really gone.
            await bus.StopUnitAsync(BackupDrives.MountUnit(target), cancel);
            if (!await UnmountedAsync(target, cancel))
            {
                message = before + $"The backup drive at {target} is still mounted after {UnmountWait.TotalSeconds:0} s (something is using it): do not unplug it yet, and try again.";
                LogEjectFailed(logger, target, message);
                return new BackupActionDto(false, message, Status());
            }
            message = before + $"The backup drive at {target} was unmounted: it is safe to unplug.";
        }
        catch (SystemBusException e)
        {
            message = before + $"Unmounting is not available here ({e.Message}), but everything was written and synced to the drive: it is safe to unplug.";
        }
        LogEjected(logger, target, message);
        SetState(RotationState.Ejected(target, message, time.GetUtcNow()));
        return new BackupActionDto(true, message, Status());
    }

    /// <summary>How long "safely remove" waits for systemd to unmount the drive.</summary>
    public static readonly TimeSpan UnmountWait = TimeSpan.FromSeconds(30);

    private static async Task<bool> UnmountedAsync(string target, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + UnmountWait;
        while (MountPoints.IsMountPoint(target))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(200, cancel);
        }
        return true;
    }

    /// <summary>A clean power-off: a running backup is stopped first (nothing is lost), then logind powers the machine off.</summary>
    public async Task<BackupActionDto> PowerOffAsync(CancellationToken cancel = default)
    {
        var stopped = await StopRunningAsync();
        try
        {
            await bus.PowerOffAsync(cancel);
            var message = (stopped ? "The running backup was stopped (the next one resumes). " : "") + "Powering off: wait until the LED stays dark before unplugging.";
            LogPowerOff(logger);
            return new BackupActionDto(true, message, Status());
        }
        catch (SystemBusException e)
        {
            return new BackupActionDto(false, $"Power-off is not available here: {e.Message}", Status());
        }
    }

    /// <summary>The backup folders: those configured (<c>--backup-targets</c>) and the mount points of the drives given the backup role.</summary>
    public IReadOnlyList<string> Targets() => options.BackupTargets.Concat(assigned.BackupDirs).Distinct(StringComparer.Ordinal).ToList();

    public BackupStatusDto Status() => BackupStatus.Of(Targets(), options.BackupOverdueDays, runs, Snapshot(), time.GetUtcNow());

    private (RunningBackup? Running, RotationState State) Snapshot()
    {
        lock (gate)
        {
            return (current, state);
        }
    }

    /// <summary>The attached target whose drive's last good backup is oldest (never backed up first): that is rotation.</summary>
    private string? PickTarget()
    {
        var lastGood = runs.LastGoodPerDrive().ToDictionary(r => r.DriveId, r => r.FinishedAt ?? r.StartedAt, StringComparer.Ordinal);
        return Targets().Where(t => BackupDrives.IsAttached(t))
            .OrderBy(t => BackupDrives.ReadIdentity(t) is { } id && lastGood.TryGetValue(id.DriveId, out var at) ? at : DateTimeOffset.MinValue)
            .FirstOrDefault();
    }

    private string NoDriveMessage() => Targets().Count == 0
        ? "No backup drive is set up: add its folder with --backup-targets (docs/backup.md)."
        : $"No backup drive is attached: plug one in (PiVault looks at {string.Join(", ", Targets())}).";

    private string? LastTarget()
    {
        lock (gate)
        {
            return state.Target;
        }
    }

    /// <summary>Cancels the running backup between files and waits for it; true when one was running.</summary>
    private async Task<bool> StopRunningAsync()
    {
        RunningBackup? running;
        lock (gate)
        {
            running = current;
        }
        if (running is null)
        {
            return false;
        }
        await running.Cancel.CancelAsync();
        await running.Task!;
        return true;
    }

    private async Task RunAsync(RunningBackup running)
    {
        var identity = BackupDrives.ReadIdentity(running.Target);
        long? runId = null;
        try
        {
            BackupTarget.Prepare(running.Target);
            identity = BackupDrives.Identify(running.Target, time.GetUtcNow());
            running.DriveId = identity.DriveId;
            runId = runs.Start(identity.DriveId, running.Target, running.Trigger, running.StartedAt);
            var driveId = identity.DriveId;
            var paced = new PacedCopier(copier, pacing, reason => running.WaitingFor = reason, () => EnsureSameDrive(running.Target, driveId), running.Cancel.Token);
            var service = new BackupService(database, options.LibraryDir, time, paced, BackupService.DefaultRetention) { ColdDir = cold.IsConfigured ? cold.Root : null };
            var report = await service.RunAsync(running.Target, running.Cancel.Token, p => running.Progress = p);
            var size = BackupManifest.Read(BackupLayout.Under(running.Target).ManifestPath).Values.Sum(e => e.Size);
            runs.Finish(runId.Value, BackupRunStore.Succeeded, time.GetUtcNow(), report, size, null);
            LogSucceeded(logger, running.Target, report.FilesCopied, report.BytesCopied, report.FilesVerified);
            Finish(RotationState.Done(running.Target, $"The backup to {running.Target} finished and was verified: the drive is safe to unplug.", time.GetUtcNow()));
        }
        catch (OperationCanceledException)
        {
            const string Stopped = "The backup was stopped before it finished; the previous backup on the drive is still valid and the next one resumes.";
            Record(runId, running, identity, BackupRunStore.Cancelled, Stopped);
            Finish(RotationState.Idle(running.Target, Stopped));
        }
        catch (Exception e) when (e is BackupException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            var message = Explain(e, running.Target);
            LogFailed(logger, running.Target, message, e);
            Record(runId, running, identity, BackupRunStore.Failed, message);
            Finish(RotationState.Failed(message, time.GetUtcNow(), running.Target));
        }
    }

    private static void EnsureSameDrive(string target, string driveId)
    {
        if (BackupDrives.ReadIdentity(target)?.DriveId != driveId)
        {
            throw new BackupTargetException($"The backup drive at {target} is gone.");
        }
    }

    /// <summary>A drive that vanished under the run (its identity file is gone) says so; anything else keeps its own sentence.</summary>
    private static string Explain(Exception e, string target)
    {
        if (BackupDrives.ReadIdentity(target) is null)
        {
            return $"The backup drive was removed during the backup ({target} is gone). The previous backup on it is still valid: "
                + "plug it back in and back up again to resume.";
        }
        return e is BackupException ? e.Message : $"The backup drive could not be read or written: {e.Message}";
    }

    private void Record(long? runId, RunningBackup running, BackupDriveIdentity? identity, string outcome, string message)
    {
        try
        {
            var id = runId ?? runs.Start(identity?.DriveId ?? "unidentified", running.Target, running.Trigger, running.StartedAt);
            runs.Finish(id, outcome, time.GetUtcNow(), null, 0, message);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            LogNotRecorded(logger, e);
        }
    }

    private void Finish(RotationState next)
    {
        lock (gate)
        {
            current = null;
            state = next;
        }
        Raise();
    }

    private void SetState(RotationState next)
    {
        lock (gate)
        {
            state = next;
        }
        Raise();
    }

    private void Raise()
    {
        try
        {
            Changed?.Invoke();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException)
        {
            LogNotRecorded(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "backup: started to {Target} ({Trigger})")]
    private static partial void LogStarted(ILogger logger, string target, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "backup: finished to {Target}: {Copied} files copied ({Bytes} bytes), {Verified} verified")]
    private static partial void LogSucceeded(ILogger logger, string target, int copied, long bytes, int verified);

    [LoggerMessage(Level = LogLevel.Error, Message = "backup: to {Target} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string target, string reason, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "backup: safely remove {Target}: {Message}")]
    private static partial void LogEjected(ILogger logger, string target, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "backup: powering off at the button's or an admin's request")]
    private static partial void LogPowerOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Safely removing the backup drive at {Target} failed: {Message}")]
    private static partial void LogEjectFailed(ILogger logger, string target, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "backup: could not record or announce a run's end")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception);
}

/// <summary>No backup drive is attached (or none is set up): the web answers 409 with this sentence.</summary>
public sealed class BackupNoDriveException(string message) : BackupException(message);
