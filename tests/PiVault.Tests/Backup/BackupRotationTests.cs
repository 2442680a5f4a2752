using PiVault.Server.Features.Backup;
using PiVault.Server.Health;

namespace PiVault.Tests.Backup;

/// <summary>Backup rotation on the service tier: the lock, which drive, per-drive status, the overdue warning, a drive pulled out mid-run.</summary>
public sealed class BackupRotationTests
{
    [Fact]
    public async Task Without_an_attached_drive_a_backup_is_refused_with_a_sentence_and_an_empty_folder_is_not_a_drive()
    {
        await using var fixture = new RotationFixture();
        var refused = Assert.Throws<BackupNoDriveException>(() => fixture.Rotation.Start("test"));
        Assert.Contains("No backup drive is attached", refused.Message, StringComparison.Ordinal);
        Assert.All(fixture.Rotation.Status().Targets, t => Assert.False(t.Attached)); // both folders exist, but empty: unplugged mount points
        Assert.Equal("error", fixture.Rotation.Status().Light); // the LED answers the press
    }

    [Fact]
    public async Task A_second_request_while_a_backup_runs_answers_already_running_with_its_progress()
    {
        await using var fixture = new RotationFixture();
        for (var i = 1; i <= 3; i++)
        {
            fixture.Tier.Photo(fixture.Owner, i);
        }
        RotationFixture.Attach(fixture.DriveA);
        fixture.Copier.Hold();
        Assert.True(fixture.Rotation.Start("web").Started);
        Assert.True(fixture.Copier.Reached.Wait(TimeSpan.FromSeconds(20)));

        var second = fixture.Rotation.Start("button");
        Assert.False(second.Started);
        Assert.Contains("already running", second.Message, StringComparison.Ordinal);
        var current = Assert.IsType<BackupCurrentDto>(second.Status.Current);
        Assert.Equal((fixture.DriveA, "web", BackupProgress.Copying, 0, 3), (current.Target, current.Trigger, current.Phase, current.FilesDone, current.FilesTotal));
        Assert.Equal(("running", "running"), (second.Status.State, second.Status.Light));

        fixture.Copier.Release();
        await fixture.Rotation.Running;
        var done = fixture.Rotation.Status();
        Assert.Equal(("done", "safe-to-unplug"), (done.State, done.Light));
        Assert.Equal(3, fixture.Copier.Copies);
    }

    [Fact]
    public async Task Rotated_drives_keep_separate_status_and_the_oldest_attached_drive_goes_first()
    {
        await using var fixture = new RotationFixture();
        fixture.Tier.Photo(fixture.Owner, 1);
        RotationFixture.Attach(fixture.DriveA);
        await fixture.BackUpAsync();
        var idA = BackupDrives.ReadIdentity(fixture.DriveA)!.DriveId;

        // Drive A goes to the office; drive B comes home a day later.
        Directory.Move(fixture.DriveA, fixture.DriveA + "-away");
        fixture.Tier.Time.Advance(TimeSpan.FromDays(1));
        fixture.Tier.Photo(fixture.Owner, 2);
        RotationFixture.Attach(fixture.DriveB);
        var status = await fixture.BackUpAsync();
        var idB = BackupDrives.ReadIdentity(fixture.DriveB)!.DriveId;
        Assert.NotEqual(idA, idB);

        var a = Assert.Single(status.Drives, d => d.DriveId == idA);
        var b = Assert.Single(status.Drives, d => d.DriveId == idB);
        Assert.Equal((false, 1, 1.0), (a.Attached, a.LastGoodFiles, a.LastGoodAgeDays));
        Assert.Equal((true, 2, 0.0, BackupRunStore.Succeeded), (b.Attached, b.LastGoodFiles, b.LastGoodAgeDays, b.LastOutcome));
        Assert.True(b.LastGoodBytes > a.LastGoodBytes);
        Assert.Equal(fixture.Tier.Time.GetUtcNow(), status.NewestGoodBackupAt);

        // Both at home: A's backup is older, so A is the one brought up to date.
        Directory.Move(fixture.DriveA + "-away", fixture.DriveA);
        Assert.Equal(fixture.DriveA, fixture.Rotation.Start("test").Status.Current!.Target);
        await fixture.Rotation.Running;
    }

    [Fact]
    public async Task An_old_backup_is_overdue_after_the_configured_days_and_a_fresh_one_is_not()
    {
        await using var fixture = new RotationFixture(overdueDays: 7);
        var report = fixture.Tier.Get<HealthReport>();
        Assert.Contains(report.Current().Warnings, w => w is { Level: "info", Title: "Not backed up yet" });

        fixture.Tier.Photo(fixture.Owner, 1);
        RotationFixture.Attach(fixture.DriveA);
        await fixture.BackUpAsync();
        Assert.DoesNotContain(report.Current().Warnings, w => w.Title.Contains("backup", StringComparison.OrdinalIgnoreCase));

        fixture.Tier.Time.Advance(TimeSpan.FromDays(7.5));
        var overdue = Assert.Single(report.Current().Warnings, w => w.Title.StartsWith("Backup overdue", StringComparison.Ordinal));
        Assert.Equal(("warning", "Backup overdue: the newest backup is 7 days old"), (overdue.Level, overdue.Title));
        Assert.Equal(7.5, report.Current().Backup.NewestGoodBackupAgeDays);
    }

    [Fact]
    public async Task A_drive_pulled_out_mid_run_fails_clearly_keeps_the_previous_backup_and_the_next_run_resumes()
    {
        await using var fixture = new RotationFixture();
        var tier = fixture.Tier;
        tier.Photo(fixture.Owner, 1);
        tier.Photo(fixture.Owner, 2);
        RotationFixture.Attach(fixture.DriveA);
        await fixture.BackUpAsync();
        var manifest = Path.Combine(fixture.DriveA, BackupLayout.FolderName, "manifest.tsv");
        var before = File.ReadAllText(manifest);
        for (var i = 3; i <= 6; i++)
        {
            tier.Photo(fixture.Owner, i);
        }

        // The drive goes away after one more file: that write fails as on a real drive (ENODEV), and the mount point is gone.
        var pulledOut = fixture.DriveA + "-pulled";
        fixture.Copier.BeforeCopy = copied =>
        {
            if (copied == 3)
            {
                Directory.Move(fixture.DriveA, pulledOut);
                throw new IOException("No such device");
            }
        };
        var failed = await fixture.BackUpAsync();
        fixture.Copier.BeforeCopy = null;
        Assert.Equal(("failed", "error"), (failed.State, failed.Light));
        Assert.StartsWith("The backup drive was removed during the backup", failed.Message, StringComparison.Ordinal);
        var drive = Assert.Single(failed.Drives);
        Assert.Equal((BackupRunStore.Failed, 2), (drive.LastOutcome, drive.LastGoodFiles));
        Assert.Contains(tier.Get<HealthReport>().Current().Warnings, w => w is { Level: "warning", Title: "The last backup failed" });

        Assert.False(Directory.Exists(fixture.DriveA)); // nothing was written where the drive was
        // Plugged back in: the previous backup is intact, and the next run copies only what is still missing.
        Directory.Move(pulledOut, fixture.DriveA);
        Assert.Equal(before, File.ReadAllText(manifest));
        var copiesBefore = fixture.Copier.Copies;
        var resumed = await fixture.BackUpAsync();
        Assert.Equal("done", resumed.State);
        Assert.Equal(3, fixture.Copier.Copies - copiesBefore); // 4 new photos, one already copied by the cut-off run
        Assert.Equal(6, Assert.Single(resumed.Drives).LastGoodFiles);
        Assert.Empty(Directory.EnumerateFiles(fixture.DriveA, "*" + BackupLayout.TempSuffix, SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("/srv/pivault/backup", "srv-pivault-backup.mount")]
    [InlineData("/srv/pivault/backup2/", "srv-pivault-backup2.mount")]
    [InlineData("/media/my drive", "media-my\\x20drive.mount")]
    [InlineData("/mnt/back-up", "mnt-back\\x2dup.mount")]
    public void The_mount_unit_is_the_path_as_systemd_escape_makes_it(string path, string unit) =>
        Assert.Equal(unit, BackupDrives.MountUnit(path));

    [Fact]
    public void A_mount_point_counts_as_attached_even_before_its_first_backup()
    {
        var drive = Infrastructure.MigratedTemplate.NewFolder();
        var mountInfo = Path.Combine(drive, "..", Path.GetFileName(drive) + ".mountinfo");
        try
        {
            File.WriteAllText(mountInfo, $"36 35 98:0 / {drive.Replace(" ", "\\040", StringComparison.Ordinal)} rw,noatime master:1 - ext4 /dev/sda1 rw\n");
            Assert.True(BackupDrives.IsAttached(drive, mountInfo));
            Assert.False(BackupDrives.IsAttached(drive, "/nonexistent-mountinfo"));
        }
        finally
        {
            File.Delete(mountInfo);
            Infrastructure.TempDir.Delete(drive);
        }
    }
}
