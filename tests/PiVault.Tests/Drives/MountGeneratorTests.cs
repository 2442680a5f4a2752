using PiVault.Server.Cli;
using PiVault.Server.Features.Drives;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Drives;

public sealed class MountGeneratorTests
{
    private const string Hot = "3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77";
    private const string Backup = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

    [Fact]
    public void Each_entry_becomes_a_nofail_ext4_mount_by_uuid_under_srv_pivault_wanted_by_local_fs()
    {
        var output = MountGenerator.Generate(DriveTable.Format([new DriveMount("hot", Hot), new DriveMount("backup1", Backup)]));

        Assert.Equal(["srv-pivault-hot.mount", "srv-pivault-backup1.mount"], output.Units.Keys);
        var unit = output.Units["srv-pivault-hot.mount"];
        Assert.Contains($"\nWhat=/dev/disk/by-uuid/{Hot}\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nWhere=/srv/pivault/hot\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nType=ext4\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nOptions=nofail,noatime,x-systemd.device-timeout=5s\n", unit, StringComparison.Ordinal);
        Assert.Contains("\nWhere=/srv/pivault/backup1\n", output.Units["srv-pivault-backup1.mount"], StringComparison.Ordinal);
        Assert.Equal("../srv-pivault-hot.mount", output.Links["local-fs.target.wants/srv-pivault-hot.mount"]);
        Assert.Empty(output.Skipped);
    }

    [Fact]
    public void A_drive_plugged_in_later_is_mounted_when_its_device_appears()
    {
        var output = MountGenerator.Generate(DriveTable.Format([new DriveMount("backup1", Backup)]));

        var device = Systemd.Escape($"/dev/disk/by-uuid/{Backup}") + ".device"; // what systemd itself calls the device
        Assert.Equal(device, MountGenerator.DeviceUnit(Backup));
        Assert.Equal("../srv-pivault-backup1.mount", output.Links[$"{device}.wants/srv-pivault-backup1.mount"]);
    }

    private static class Systemd
    {
        public static string Escape(string path)
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("systemd-escape", ["--path", path])
            {
                RedirectStandardOutput = true,
            })!;
            var name = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return name;
        }
    }

    [Theory]
    [InlineData("hot ../../etc/passwd")]
    [InlineData("hot 3F1C2A9E-5B7D-4E21-9C0A-8D6B4F2E1A77")]
    [InlineData("hot 4AE7-5D3B")]
    [InlineData("hot 3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77,x-systemd.requires=ssh.service")]
    [InlineData("hot 3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77 extra")]
    [InlineData("../etc 3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77")]
    [InlineData("backup10 3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77")]
    [InlineData("hot\n[Mount]")]
    [InlineData("hot 3f1c2a9e-5b7d-4e21-9c0a-8d6b4f2e1a77\nWhere=/")]
    public void A_line_that_is_not_a_slot_and_a_uuid_is_skipped(string table)
    {
        var output = MountGenerator.Generate(table);

        Assert.All(output.Units.Values, unit => Assert.Contains($"What=/dev/disk/by-uuid/{Hot}\nWhere=/srv/pivault/hot\n", unit, StringComparison.Ordinal));
        Assert.NotEmpty(output.Skipped);
    }

    [Fact]
    public void A_slot_or_drive_listed_twice_mounts_once()
    {
        var output = MountGenerator.Generate($"hot {Hot}\nhot {Backup}\nbackup1 {Hot}\n# comment\n\n");

        Assert.Equal(["srv-pivault-hot.mount"], output.Units.Keys);
        Assert.Equal(2, output.Skipped.Count);
    }

    [Fact]
    public void The_table_writer_refuses_what_the_reader_would_skip()
    {
        Assert.Throws<ArgumentException>(() => DriveTable.Format([new DriveMount("hot", "not-a-uuid")]));
        Assert.Throws<ArgumentException>(() => DriveTable.Format([new DriveMount("/", Hot)]));
    }

    [Fact]
    public void The_command_writes_units_and_wants_links_and_survives_a_missing_table()
    {
        var folder = TempDir.Create();
        try
        {
            var table = Path.Combine(folder, "mounts.conf");
            var output = Directory.CreateDirectory(Path.Combine(folder, "normal")).FullName;
            File.WriteAllText(table, $"hot {Hot}\nbogus line\n");
            var error = new StringWriter();

            var code = MountGeneratorCommand.Run(CommandLine.Parse(["mount-generator", output, output + "-early", output + "-late", "--table", table]), error);

            Assert.Equal(0, code);
            Assert.Equal(MountGenerator.Unit(new DriveMount("hot", Hot)), File.ReadAllText(Path.Combine(output, "srv-pivault-hot.mount")));
            Assert.Equal("../srv-pivault-hot.mount", new FileInfo(Path.Combine(output, "local-fs.target.wants", "srv-pivault-hot.mount")).LinkTarget);
            Assert.Contains("skipped line 2", error.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, MountGeneratorCommand.Run(CommandLine.Parse(["mount-generator", output, "--table", Path.Combine(folder, "absent")]), TextWriter.Null));
        }
        finally
        {
            TempDir.Delete(folder);
        }
    }
}
