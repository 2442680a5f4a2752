namespace PiVault.Server.Features.Backup;

/// <summary>A backup or restore that cannot go on, with a sentence that says why (shown to the household as it is).</summary>
public class BackupException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The backup drive is missing, not mounted or read-only: nothing was written to it.</summary>
public sealed class BackupTargetException(string message, Exception? inner = null) : BackupException(message, inner);

/// <summary>A file on the backup does not hash to what the manifest says: the drive is failing or was changed.</summary>
public sealed class BackupVerificationException(string relativePath, string message) : BackupException(message)
{
    /// <summary>The file, relative to the backup's library folder.</summary>
    public string RelativePath { get; } = relativePath;
}
