namespace PiVault.Server.Features.Backup;

/// <summary>
/// GET /api/v1/backup (and <c>backup</c> in system/health): <see cref="State"/> is idle, running, done (finished and synced:
/// safe to unplug), ejected (unmounted: safe to unplug) or failed, with <see cref="Message"/> saying it in a sentence;
/// <see cref="Light"/> is what the status LED makes of it (none, running, safe-to-unplug, error).
/// </summary>
public sealed record BackupStatusDto(string State, string Light, string? Message, BackupCurrentDto? Current, List<BackupTargetDto> Targets,
    List<BackupDriveDto> Drives, DateTimeOffset? NewestGoodBackupAt, double? NewestGoodBackupAgeDays, int OverdueDays);

/// <summary>The running backup: where to, started by what (button, web), its phase and files done of the phase's total.</summary>
public sealed record BackupCurrentDto(string Target, string? DriveId, string Trigger, DateTimeOffset StartedAt, string Phase, int FilesDone, int FilesTotal,
    long BytesCopied, string? WaitingFor);

/// <summary>A configured backup folder: whether a drive is there now, and which (null until it has been backed up to).</summary>
public sealed record BackupTargetDto(string Path, bool Attached, string? DriveId, long? FreeBytes);

/// <summary>
/// One backup drive, known by the id on it: its last good backup (when, how many files, how big, how old) and its last
/// run, which may have failed since.
/// </summary>
public sealed record BackupDriveDto(string DriveId, string Target, bool Attached, DateTimeOffset? LastGoodAt, int? LastGoodFiles, long? LastGoodBytes,
    double? LastGoodAgeDays, DateTimeOffset LastRunAt, string LastOutcome, string? LastError);

/// <summary>The answer to "back up now": <see cref="Started"/> false when one was already running (its progress is in the status).</summary>
public sealed record BackupStartDto(bool Started, string Message, BackupStatusDto Status);

/// <summary>The answer to "safely remove" and "power off": whether it was done, and what to tell the person.</summary>
public sealed record BackupActionDto(bool Done, string Message, BackupStatusDto Status);
