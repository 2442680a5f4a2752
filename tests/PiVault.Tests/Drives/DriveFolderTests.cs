using PiVault.Server.Features.Backup;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Drives;

/// <summary>
/// The one rule for whether a drive is attached (<see cref="DriveFolder"/>), and that the cold tier and the backup drives
/// both follow it: the same folder gives the same answer through either.
/// </summary>
public sealed class DriveFolderTests : IDisposable
{
    private readonly string folder = TempDir.Create();
    private readonly string mountInfo;

    public DriveFolderTests()
    {
        mountInfo = folder + ".mountinfo";
        File.WriteAllText(mountInfo, "22 1 259:2 / / rw,relatime - ext4 /dev/root rw\n");
    }

    public void Dispose()
    {
        File.Delete(mountInfo);
        TempDir.Delete(folder);
    }

    [Fact]
    public void A_plain_folder_counts_once_it_carries_its_mark_or_is_a_mount_point_never_when_merely_not_empty()
    {
        var plain = new DriveFolder(folder, MountedDrive: false, ".tmp", mountInfo);
        Assert.False(plain.IsAttached); // empty: where an unplugged drive would be mounted

        File.WriteAllBytes(Path.Combine(folder, "stray.jpg"), [1, 2, 3]);
        Assert.False(plain.IsAttached); // files on the system disk are not a drive

        Directory.CreateDirectory(Path.Combine(folder, ".tmp"));
        Assert.True(plain.IsAttached);
        Assert.False((plain with { Marker = BackupLayout.FolderName }).IsAttached); // another use's mark is not this one's

        Mount(folder);
        Assert.True((plain with { Marker = BackupLayout.FolderName }).IsAttached);
    }

    [Fact]
    public void A_drive_slot_counts_only_while_a_drive_is_mounted_there_whatever_it_holds()
    {
        Directory.CreateDirectory(Path.Combine(folder, ".tmp"));
        Directory.CreateDirectory(Path.Combine(folder, BackupLayout.FolderName));
        var slot = new DriveFolder(folder, MountedDrive: true, ".tmp", mountInfo);
        Assert.False(slot.IsAttached);

        Mount(folder);
        Assert.True(slot.IsAttached);
        Assert.False((slot with { Root = Path.Combine(folder, "gone") }).IsAttached);
    }

    [Theory]
    [InlineData("/srv/pivault/cold", true)]
    [InlineData("/srv/pivault/backup2/", true)]
    [InlineData("/srv/pivaulted", false)]
    [InlineData("/mnt/backup", false)]
    public void Folders_under_the_appliances_slots_are_slots(string path, bool slot) =>
        Assert.Equal(slot, DriveFolder.IsSlot(path));

    [Fact]
    public void The_cold_tier_and_the_backup_drives_answer_by_the_same_rule()
    {
        var cold = new ColdTierStore(folder);
        Assert.False(cold.IsAttached);
        Assert.False(BackupDrives.IsAttached(folder, mountInfo));

        Directory.CreateDirectory(Path.Combine(folder, BackupLayout.FolderName));
        Assert.True(BackupDrives.IsAttached(folder, mountInfo));
        Assert.Equal(new DriveFolder(folder, false, BackupLayout.FolderName, mountInfo).IsAttached, BackupDrives.IsAttached(folder, mountInfo));
        Assert.False(cold.IsAttached); // a backup drive is not the cold tier

        Directory.CreateDirectory(Path.Combine(folder, ".tmp"));
        Assert.True(cold.IsAttached);
        Assert.Equal(new DriveFolder(folder, false, ".tmp").IsAttached, cold.IsAttached);

        var slotCold = new ColdTierStore(() => new ColdTierPlace(folder, MountedDrive: true));
        Assert.False(slotCold.IsAttached); // marked, but as a slot it must be mounted: this folder is not in /proc/self/mountinfo
    }

    private void Mount(string path) =>
        File.AppendAllText(mountInfo, $"36 22 8:1 / {path.Replace(" ", "\\040", StringComparison.Ordinal)} rw,noatime - ext4 /dev/sda1 rw\n");
}
