namespace PiVault.Server.Features.Backup;

/// <summary>Copies one original onto the backup. The seam lets a test cut a run off after a number of files.</summary>
public interface IBackupFileCopier
{
    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> durably, replacing what is there.</summary>
    void Copy(string source, string target);
}

/// <summary>The real copier: temp file, fsync, rename, folder fsync (<see cref="DurableFile"/>).</summary>
public sealed class DurableFileCopier : IBackupFileCopier
{
    public void Copy(string source, string target) => DurableFile.Copy(source, target);
}
