namespace PiVault.Server.Features.Backup;

/// <summary>
/// <c>backup.json</c>: what the last run did. <see cref="VerifyCursor"/> is the last path the rotating sample checked,
/// so the next run continues after it.
/// </summary>
public sealed record BackupReport(
    DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string Result, int FilesOnBackup, int FilesCopied, long BytesCopied,
    int FilesKept, int FilesMarkedDeleted, int FilesExpired, int FilesVerified, string? VerifyCursor)
{
    public const string Succeeded = "succeeded";
}
