using System.Globalization;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Health;

/// <summary>
/// The backup's sentences on the health page. A household that never set up a backup drive, or never pressed the button,
/// hears it gently (info: the LED stays calm); a backup older than the overdue days, or a last run that failed, is a
/// warning. Nothing is said about age while a backup is running: pressing the button should show "backing up", not attention.
/// </summary>
public static class BackupWarnings
{
    private const string HowTo = "Plug in the backup drive and press the button once (or use \"Back up now\" on the Health page). "
        + "When the light shows \"safe to unplug\", take the drive somewhere else.";

    public static HealthWarningDto? For(BackupStatusDto? backup)
    {
        if (backup is null || backup.State == BackupStatus.Running)
        {
            return null;
        }
        if (backup.Targets.Count == 0 && backup.NewestGoodBackupAt is null)
        {
            return new(HealthWarnings.Info, "No backup drive set up",
                "Your photos are only on this box. A backup drive keeps a copy if a drive fails or the box is lost.",
                "Add a backup drive's folder with --backup-targets (docs/backup.md).");
        }
        if (backup.Drives.FirstOrDefault() is { LastOutcome: BackupRunStore.Failed } failed)
        {
            return new(HealthWarnings.Warning, "The last backup failed", failed.LastError ?? "The backup did not finish.", HowTo);
        }
        if (backup.NewestGoodBackupAgeDays is not { } age)
        {
            return new(HealthWarnings.Info, "Not backed up yet", "Nothing has been copied to a backup drive yet.", HowTo);
        }
        return age > backup.OverdueDays
            ? new(HealthWarnings.Warning, string.Create(CultureInfo.InvariantCulture, $"Backup overdue: the newest backup is {Math.Floor(age):F0} days old"),
                string.Create(CultureInfo.InvariantCulture, $"Photos added since {backup.NewestGoodBackupAt:yyyy-MM-dd} are only on this box."), HowTo)
            : null;
    }
}
