namespace PiVault.Server.Features.Backup;

/// <summary>Whether a backup should give way right now, and why (the health governor answers: <c>Health/GovernorBackupPace</c>).</summary>
public interface IBackupPace
{
    /// <summary>Why a backup should wait right now (phones uploading, too hot), or null to go on.</summary>
    string? WaitReason();
}

/// <summary>
/// Lets a backup give way, between files, to what matters more: phones uploading, a Pi too hot to keep working, or a
/// power supply dipping. The backup waits and goes on by itself once it has passed.
/// </summary>
public sealed class BackupPacing(IBackupPace pace)
{
    public static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public string? WaitReason() => pace.WaitReason();

    /// <summary>Blocks the backup's thread while <see cref="WaitReason"/> says so, telling <paramref name="waiting"/> why; throws when cancelled.</summary>
    public void WaitWhileBusy(Action<string?> waiting, CancellationToken cancel)
    {
        while (WaitReason() is { } reason)
        {
            waiting(reason);
            cancel.WaitHandle.WaitOne(Poll);
            cancel.ThrowIfCancellationRequested();
        }
        waiting(null);
    }
}

/// <summary>
/// The copier a rotation run uses: checks the drive is still the one the run started on (its <c>drive.json</c> is
/// there: a pulled-out drive leaves an empty mount point, and copying on would fill the system's own card), waits while
/// <see cref="BackupPacing"/> says so, then copies with the real (or test) copier.
/// </summary>
public sealed class PacedCopier(IBackupFileCopier inner, BackupPacing pacing, Action<string?> waiting, Action ensureDrive, CancellationToken cancel)
    : IBackupFileCopier
{
    public void Copy(string source, string target)
    {
        Pace();
        inner.Copy(source, target);
    }

    public void CopyNew(string source, string target)
    {
        Pace();
        inner.CopyNew(source, target);
    }

    public void Settle(string backupRoot)
    {
        ensureDrive();
        inner.Settle(backupRoot);
    }

    private void Pace()
    {
        pacing.WaitWhileBusy(waiting, cancel);
        ensureDrive();
    }
}
