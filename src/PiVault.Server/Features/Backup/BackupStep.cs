namespace PiVault.Server.Features.Backup;

/// <summary>The steps of a backup run in order (docs/backup.md); a run cut off after any of them leaves a valid backup.</summary>
public enum BackupStep
{
    /// <summary>The database snapshot is on the drive under a temp name.</summary>
    Snapshotted,
    /// <summary>New and changed originals are copied (new ones not yet flushed).</summary>
    Copied,
    SidecarsWritten,
    /// <summary>The drive's file system is flushed: every copy is durable.</summary>
    Settled,
    Verified,
    ExpiredRemoved,
    /// <summary>The snapshot is renamed to <c>pivault.db</c>.</summary>
    DatabasePlaced,
    /// <summary>The new manifest is in place: from here the new backup is the valid one.</summary>
    ManifestWritten,
}
