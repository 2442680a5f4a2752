using System.Globalization;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Offsite;

namespace PiVault.Server.Health;

/// <summary>
/// The off-site backup's sentences on the health page (docs/offsite-backup.md): a last run that failed, or a newest good
/// off-site copy older than <see cref="OffsiteStatusDto.OverdueDays"/>, is a warning (so the LED shows attention); remotes
/// added but nothing copied yet is a note. Nothing without remotes (the drive backup already speaks about backups), and
/// nothing while a run is going.
/// </summary>
public static class OffsiteWarnings
{
    private const string HowTo = "Open GET /api/v1/offsite for the remote's last run and its error, check the storage and its credentials, "
        + "then start the off-site backup again (docs/offsite-backup.md).";

    public static HealthWarningDto? For(OffsiteStatusDto? offsite)
    {
        if (offsite is null || offsite.Remotes.Count == 0 || offsite.Current is not null)
        {
            return null;
        }
        var newest = offsite.Remotes.Select(r => r.LastRun).OfType<OffsiteRunDto>().MaxBy(r => r.StartedAt);
        if (newest is { Outcome: BackupRunStore.Failed })
        {
            return new(HealthWarnings.Warning, $"The last off-site backup (to {newest.Remote}) failed", newest.Error ?? "The off-site backup did not finish.", HowTo);
        }
        if (offsite.NewestGoodCopyAgeDays is not { } age)
        {
            return new(HealthWarnings.Info, "No off-site copy yet", "An off-site remote is set up, but nothing has been copied to it yet.", HowTo);
        }
        return age > offsite.OverdueDays
            ? new(HealthWarnings.Warning, string.Create(CultureInfo.InvariantCulture, $"Off-site copy overdue: the newest is {Math.Floor(age):F0} days old"),
                string.Create(CultureInfo.InvariantCulture, $"The last good off-site copy is from {offsite.NewestGoodCopyAt:yyyy-MM-dd}: photos added since are not off-site."), HowTo)
            : null;
    }
}
