using PiVault.Server.Configuration;

namespace PiVault.Tests.Backup;

/// <summary>--backup-targets and --backup-overdue-days, from a flag and from the environment.</summary>
public sealed class BackupOptionsTests
{
    [Fact]
    public void Backup_targets_are_a_comma_list_of_full_paths_and_the_overdue_days_default_to_seven()
    {
        var options = OptionsLoader.Load(new Dictionary<string, string> { ["backup-targets"] = "/srv/pivault/backup, /srv/pivault/backup2", ["profile"] = "development" },
            _ => null);
        Assert.Equal(["/srv/pivault/backup", "/srv/pivault/backup2"], options.BackupTargets);
        Assert.Equal(7, options.BackupOverdueDays);

        var env = new Dictionary<string, string> { ["PIVAULT_BACKUP_TARGETS"] = "/mnt/a", ["PIVAULT_BACKUP_OVERDUE_DAYS"] = "14" };
        var fromEnv = OptionsLoader.Load(new Dictionary<string, string>(), env.GetValueOrDefault);
        Assert.Equal(["/mnt/a"], fromEnv.BackupTargets);
        Assert.Equal(14, fromEnv.BackupOverdueDays);
        Assert.Empty(OptionsLoader.Load(new Dictionary<string, string>(), _ => null).BackupTargets);
        Assert.Throws<OptionsException>(() => OptionsLoader.Load(new Dictionary<string, string> { ["backup-overdue-days"] = "0" }, _ => null));
    }
}
