using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>Copies one original onto the backup. The seam lets a test cut a run off after a number of files.</summary>
public interface IBackupFileCopier
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> durably, replacing what is there.</summary>
    void Copy(string source, string target);

    /// <summary>
    /// Copies to a path no manifest names yet; durable only after <see cref="Settle"/> (the real copier skips the
    /// per-file fsyncs: <see cref="DurableFile"/>).
    /// </summary>
    void CopyNew(string source, string target) => Copy(source, target);

    /// <summary>Makes every <see cref="CopyNew"/> so far durable: one flush of the backup's file system.</summary>
    void Settle(string backupRoot)
    {
    }
}

/// <summary>
/// The real copier: a replaced file gets temp file, fsync, rename, folder fsync; a new one temp file and rename, made
/// durable with the rest of the run by one syncfs (<see cref="DurableFile"/>).
/// </summary>
public sealed class DurableFileCopier : IBackupFileCopier
{
    public void Copy(string source, string target) => DurableFile.Copy(source, target);

    public void CopyNew(string source, string target) => DurableFile.CopyUnsynced(source, target);

    public void Settle(string backupRoot) => DirectorySync.FlushFileSystem(backupRoot);
}
