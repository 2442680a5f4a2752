using PiVault.Server.Features.Drives;
using PiVault.Server.Features.Settings;

namespace PiVault.Tests.Drives;

public sealed class LsblkTests
{
    [Fact]
    public void This_machines_output_lists_the_disk_and_skips_zram()
    {
        var devices = Lsblk.Parse(LsblkSamples.ThisMachine);

        var vda = Assert.Single(devices);
        Assert.Equal(("/dev/vda", "disk", 274877906944L, "/dev/vda"), (vda.Path, vda.Kind, vda.SizeBytes, vda.Disk));
        Assert.Equal(["/"], vda.MountPoints);
        Assert.Null(vda.Uuid);
    }

    [Fact]
    public void Nvme_and_usb_sata_disks_flatten_with_their_partitions_and_mounts()
    {
        var devices = Lsblk.Parse(LsblkSamples.Pi5).ToDictionary(d => d.Path);

        Assert.Equal(8, devices.Count);
        var nvme = devices["/dev/nvme0n1"];
        Assert.Equal(("WD Blue SN580 500GB", "nvme", "gpt", 1), (nvme.Model, nvme.Transport, nvme.PartitionTable, nvme.Partitions));
        Assert.Equal(["/srv/pivault/hot"], nvme.MountPoints);
        var hot = devices["/dev/nvme0n1p1"];
        Assert.Equal(("ext4", LsblkSamples.NvmeUuid, "pivault-hot", "/dev/nvme0n1", 480000000000L), (hot.FileSystem, hot.Uuid, hot.Label, hot.Disk, hot.FreeBytes));
        var usb = devices["/dev/sda"];
        Assert.Equal(("ST2000LM015-2E8174", "ZDZ1ABCD", "usb"), (usb.Model, usb.Serial, usb.Transport));
        Assert.Empty(usb.MountPoints);
        Assert.Equal(("ntfs", "Photos 2019"), (devices["/dev/sda1"].FileSystem, devices["/dev/sda1"].Label));
        Assert.Equal(["/boot/firmware", "/"], devices["/dev/mmcblk0"].MountPoints);
        Assert.Equal((0, null, null), (devices["/dev/sdb"].Partitions, devices["/dev/sdb"].PartitionTable, devices["/dev/sdb"].FileSystem));
    }

    [Fact]
    public void Sizes_printed_as_strings_by_older_lsblk_are_read()
    {
        var device = Assert.Single(Lsblk.Parse("""{"blockdevices":[{"name":"sdc","size":"1024","type":"disk","fsavail":"512"}]}"""));

        Assert.Equal(("/dev/sdc", 1024L, 512L), (device.Path, device.SizeBytes, device.FreeBytes));
    }

    [Fact]
    public void Lsblk_runs_on_this_machine()
    {
        var devices = Lsblk.Run();

        Assert.All(devices, d => Assert.StartsWith("/dev/", d.Path, StringComparison.Ordinal));
    }
}
