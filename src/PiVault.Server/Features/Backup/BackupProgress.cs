namespace PiVault.Server.Features.Backup;

/// <summary>
/// Where a running backup is: <see cref="Phase"/> (snapshot, copying, verifying, finishing), files done of the phase's
/// <see cref="FilesTotal"/> (originals to check while copying, files to re-read while verifying), bytes copied so far.
/// </summary>
public sealed record BackupProgress(string Phase, int FilesDone, int FilesTotal, long BytesCopied)
{
    public const string Snapshot = "snapshot";
    public const string Copying = "copying";
    public const string Verifying = "verifying";
    public const string Finishing = "finishing";
}
