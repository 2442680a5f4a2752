using PiVault.Server.Features.Backup;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// Stages an original for the off-site upload as a hard link to the library's file (no bytes copied, no space used),
/// put in place by rename so a cut-off run leaves only a temp name; an original on another file system (the cold
/// tier) is copied instead. Originals are never written in place, so the link always holds the original's bytes.
/// </summary>
public sealed class LinkingCopier : IBackupFileCopier
{
    public void Copy(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = BackupLayout.TempFor(target);
        if (DirectorySync.TryHardLink(source, temp))
        {
            File.Move(temp, target, overwrite: true);
            return;
        }
        DurableFile.CopyUnsynced(source, target);
    }

    public void Settle(string backupRoot) => DirectorySync.FlushFileSystem(backupRoot);
}
