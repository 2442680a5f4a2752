namespace PiVault.Server.Features.Backup;

/// <summary>A backup being made: where to, started by what, and how far it got (written by its thread, read by the status).</summary>
internal sealed class RunningBackup(string target, string trigger, DateTimeOffset startedAt)
{
    public string Target { get; } = target;

    public string Trigger { get; } = trigger;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public CancellationTokenSource Cancel { get; } = new();

    public Task? Task { get; set; }

    public volatile string? DriveId;

    public volatile BackupProgress? Progress;

    /// <summary>What the run is giving way to right now (phones uploading, heat), or null.</summary>
    public volatile string? WaitingFor;
}

/// <summary>What the rotation last did, when no backup is running: nothing yet, done (safe to unplug), ejected, failed, or no drive to back up to.</summary>
internal sealed record RotationState(string Name, string? Target, string? Message, DateTimeOffset? At)
{
    public static RotationState Idle(string? target, string? message = null) => new("idle", target, message, null);

    public static RotationState Done(string target, string message, DateTimeOffset at) => new("done", target, message, at);

    public static RotationState Ejected(string target, string message, DateTimeOffset at) => new("ejected", target, message, at);

    public static RotationState Failed(string message, DateTimeOffset at, string? target = null) => new("failed", target, message, at);

    /// <summary>Asked to back up with no drive there: the LED flashes the error briefly, as an answer to the press.</summary>
    public static RotationState NoDrive(string message, DateTimeOffset at) => new("no-drive", null, message, at);

    /// <summary>
    /// What the LED makes of it at <paramref name="now"/>: "safe-to-unplug" for a while after a finished run (while its
    /// drive is still there) or an unmount, "error" for a while after a failure, else "none".
    /// </summary>
    public string Light(DateTimeOffset now) => Name switch
    {
        "done" when now - At < BackupRotation.SafeToUnplugFor && Target is { } t && BackupDrives.IsAttached(t) => BackupStatus.SafeToUnplug,
        "ejected" when now - At < BackupRotation.SafeToUnplugFor => BackupStatus.SafeToUnplug,
        "failed" when now - At < BackupRotation.ErrorFor => BackupStatus.Error,
        "no-drive" when now - At < BackupRotation.NoDriveFor => BackupStatus.Error,
        _ => BackupStatus.NoLight,
    };
}
