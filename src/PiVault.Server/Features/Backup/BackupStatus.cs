using PiVault.Server.Configuration;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>Puts <see cref="BackupStatusDto"/> together: the running backup, the configured folders, and each drive's history.</summary>
public static class BackupStatus
{
    public const string NoLight = "none";
    public const string Running = "running";
    public const string SafeToUnplug = "safe-to-unplug";
    public const string Error = "error";

    internal static BackupStatusDto Of(IReadOnlyList<string> configuredTargets, int overdueDays, BackupRunStore runs, (RunningBackup? Running, RotationState State) now, DateTimeOffset at)
    {
        var targets = configuredTargets.Select(Target).ToList();
        var good = runs.LastGoodPerDrive().ToDictionary(r => r.DriveId, StringComparer.Ordinal);
        var drives = runs.LatestPerDrive().Where(r => r.DriveId != "unidentified").Select(last => Drive(last, good.GetValueOrDefault(last.DriveId), targets, at)).ToList();
        var newest = good.Values.Select(r => r.FinishedAt).Max();
        var (running, state) = now;
        return new BackupStatusDto(running is null ? state.Name : Running, running is null ? state.Light(at) : Running,
            running is null ? state.Message : $"Backing up to {running.Target}.", running is null ? null : Current(running), targets, drives,
            newest, newest is { } n ? Days(at - n) : null, overdueDays);
    }

    private static BackupTargetDto Target(string path)
    {
        var attached = BackupDrives.IsAttached(path);
        return new BackupTargetDto(path, attached, attached ? BackupDrives.ReadIdentity(path)?.DriveId : null,
            attached ? (long?)FileSystemSpace.Of(path)?.FreeBytes : null);
    }

    private static BackupDriveDto Drive(BackupRunRecord last, BackupRunRecord? good, List<BackupTargetDto> targets, DateTimeOffset at) => new(
        last.DriveId, last.Target, targets.Any(t => t.DriveId == last.DriveId), good?.FinishedAt, good?.FilesOnBackup, good?.BytesOnBackup,
        good?.FinishedAt is { } finished ? Days(at - finished) : null, last.StartedAt, last.Outcome, last.Error);

    private static BackupCurrentDto Current(RunningBackup running)
    {
        var progress = running.Progress;
        return new BackupCurrentDto(running.Target, running.DriveId, running.Trigger, running.StartedAt, progress?.Phase ?? BackupProgress.Snapshot,
            progress?.FilesDone ?? 0, progress?.FilesTotal ?? 0, progress?.BytesCopied ?? 0, running.WaitingFor);
    }

    private static double Days(TimeSpan age) => Math.Round(age.TotalDays, 2);
}
