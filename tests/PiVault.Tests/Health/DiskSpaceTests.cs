using PiVault.Server.Configuration;
using PiVault.Server.Health;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Health;

/// <summary>statvfs on real folders: roles on one filesystem share an entry, a missing folder is left out.</summary>
public sealed class DiskSpaceTests : IDisposable
{
    private readonly string dataDir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dataDir);

    private PiVaultOptions Options(string? cold = null) =>
        new() { Profile = RunProfile.Development, DataDir = dataDir, Urls = "http://127.0.0.1:0", ColdTierDir = cold };

    private static DiskSpace Disks(PiVaultOptions options, ColdTierStore? cold = null) => new(options, cold ?? new ColdTierStore(options.ColdTierDir));

    [Fact]
    public void Data_and_library_on_one_filesystem_are_one_entry_with_both_roles()
    {
        Directory.CreateDirectory(Options().LibraryDir);

        var disk = Assert.Single(Disks(Options()).Read());

        Assert.Equal(["data", "library"], disk.Roles);
        Assert.Equal(dataDir, disk.Path);
        var drive = new DriveInfo(dataDir);
        Assert.Equal(drive.TotalSize, disk.TotalBytes); // the struct layout is read right: .NET's own statvfs agrees
        Assert.InRange(disk.FreeBytes, drive.AvailableFreeSpace - 512L * 1024 * 1024, drive.AvailableFreeSpace + 512L * 1024 * 1024);
        Assert.Equal(Math.Round(100.0 * disk.FreeBytes / disk.TotalBytes, 1), disk.FreePercent);
    }

    [Fact]
    public void A_folder_that_does_not_exist_is_left_out()
    {
        // No library folder yet, and a cold tier configured on a drive that is not mounted.
        var disk = Assert.Single(Disks(Options(cold: Path.Combine(dataDir, "not-mounted", "cold"))).Read());
        Assert.Equal(["data"], disk.Roles);
    }

    [Fact]
    public void A_drive_with_the_cold_role_that_is_not_mounted_is_left_out_rather_than_reported_as_the_system_disk()
    {
        var slot = Directory.CreateDirectory(Path.Combine(dataDir, "srv", "cold")); // the empty mount point
        Directory.CreateDirectory(Options().LibraryDir);

        var disk = Assert.Single(Disks(Options(), new ColdTierStore(() => new ColdTierPlace(slot.FullName, MountedDrive: true))).Read());

        Assert.Equal(["data", "library"], disk.Roles);
    }

    [TmpfsFact]
    public void A_mounted_drive_with_the_cold_role_is_its_own_entry()
    {
        using var tmpfs = TmpfsMount.Create(megabytes: 16); // a real mount point, as the drive's mount unit makes
        Directory.CreateDirectory(Path.Combine(tmpfs.Path, ".tmp"));
        Directory.CreateDirectory(Options().LibraryDir);

        var disks = Disks(Options(), new ColdTierStore(() => new ColdTierPlace(tmpfs.Path, MountedDrive: true))).Read();

        Assert.Equal([["data", "library"], ["cold"]], disks.Select(d => d.Roles));
        Assert.Equal(16L * 1024 * 1024, disks[1].TotalBytes);
    }

    [TmpfsFact]
    public void A_cold_tier_on_another_filesystem_is_its_own_entry()
    {
        // A 16 MiB tmpfs of our own: surely another filesystem, and one whose size we know without statvfs.
        using var tmpfs = TmpfsMount.Create(megabytes: 16);
        var cold = Directory.CreateDirectory(Path.Combine(tmpfs.Path, "cold"));
        Directory.CreateDirectory(Options().LibraryDir);

        var disks = Disks(Options(cold: cold.FullName)).Read();

        Assert.Equal([["data", "library"], ["cold"]], disks.Select(d => d.Roles));
        Assert.Equal(cold.FullName, disks[1].Path);
        Assert.Equal(16L * 1024 * 1024, disks[1].TotalBytes);
        Assert.InRange(disks[1].FreeBytes, 15L * 1024 * 1024, 16L * 1024 * 1024);
    }
}
