using System.Text.Json;
using PiVault.Server.Features.Drives;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Drives;

/// <summary>
/// <see cref="DrivePreparer"/> with the real sfdisk, wipefs, mkfs.ext4 and blkid on a 64 MiB disk image FILE standing
/// in for <c>/dev/sdz</c> (lsblk's view of it is a stand-in), checked with <c>sfdisk --json</c> and <c>blkid -p</c>.
/// </summary>
public sealed class DrivePreparerTests : IDisposable
{
    private const string Device = "/dev/sdz";
    private const long Size = 64L * 1024 * 1024;
    private readonly string folder = TempDir.Create();
    private readonly ManualTime time = new(DateTimeOffset.Parse("2026-12-06T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private string Image => Path.Combine(folder, "disk.img");

    private string Tokens => Path.Combine(folder, "tokens");

    public DrivePreparerTests()
    {
        using (var image = File.Create(Image))
        {
            image.SetLength(Size);
        }
        Directory.CreateDirectory(Tokens);
    }

    public void Dispose() => TempDir.Delete(folder);

    [Fact]
    public void An_empty_disk_gets_gpt_with_one_labelled_ext4_partition()
    {
        WriteToken(erase: false);

        var outcome = Preparer().Prepare(Device, Tokens);

        Assert.True(outcome.Done, outcome.Message);
        using var table = JsonDocument.Parse(DiskTool.Run("sfdisk", ["--json", Image]).Output);
        var partitions = table.RootElement.GetProperty("partitiontable");
        Assert.Equal("gpt", partitions.GetProperty("label").GetString());
        var partition = Assert.Single(partitions.GetProperty("partitions").EnumerateArray().ToList());
        var offset = (partition.GetProperty("start").GetInt64() * 512).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var probe = DiskTool.Run("blkid", ["-p", "-O", offset, "-o", "export", Image]).Output;
        Assert.Contains("TYPE=ext4", probe, StringComparison.Ordinal);
        Assert.Contains("LABEL=pivault-backup", probe, StringComparison.Ordinal);
        Assert.Contains($"UUID={outcome.Uuid}", probe, StringComparison.Ordinal);
        Assert.True(DriveTable.IsUuid(outcome.Uuid!));
        var root = DiskTool.Run("debugfs", ["-R", "stat /", $"{Image}?offset={offset}"]).Output;
        Assert.Matches(@"User:\s+1234\s+Group:\s+5678", root);
        Assert.Empty(Directory.GetFiles(Tokens));
    }

    [Fact]
    public void A_disk_holding_data_is_erased_only_when_the_token_allows_it()
    {
        WriteToken(erase: false);
        Assert.True(Preparer().Prepare(Device, Tokens).Done);

        WriteToken(erase: false);
        var refused = Preparer().Prepare(Device, Tokens);
        WriteToken(erase: true);
        var erased = Preparer().Prepare(Device, Tokens);

        Assert.False(refused.Done);
        Assert.Contains("holds data", refused.Message, StringComparison.Ordinal);
        Assert.True(erased.Done, erased.Message);
    }

    [Fact]
    public void Without_a_token_nothing_happens_and_a_token_works_once()
    {
        var none = Preparer().Prepare(Device, Tokens);
        WriteToken(erase: false);
        File.WriteAllBytes(Image, new byte[Size]);
        Assert.True(Preparer().Prepare(Device, Tokens).Done);
        var again = Preparer().Prepare(Device, Tokens);

        Assert.Contains("no confirmation", none.Message, StringComparison.Ordinal);
        Assert.Contains("no confirmation", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mounted_disk_or_one_holding_a_mounted_partition_is_refused_even_with_a_token()
    {
        WriteToken(erase: true);

        var outcome = Preparer(Disk() with { Partitions = 2, MountPoints = ["/boot/firmware", "/"] }).Prepare(Device, Tokens);

        Assert.False(outcome.Done);
        Assert.Contains("mounted at /boot/firmware, /", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(Size, new FileInfo(Image).Length);
        Assert.Equal("", DiskTool.Run("wipefs", ["--no-act", "--noheadings", Image]).Output.Trim());
    }

    [Fact]
    public void A_missing_disk_a_partition_a_changed_size_a_stale_or_foreign_token_are_refused()
    {
        WriteToken(erase: false);
        Assert.Contains("not attached", new DrivePreparer(_ => [], time, Image).Prepare(Device, Tokens).Message, StringComparison.Ordinal);
        WriteToken(erase: false);
        Assert.Contains("cannot be read", new DrivePreparer(_ => throw new InvalidOperationException("lsblk: /dev/sdz: not a block device"), time, Image)
            .Prepare(Device, Tokens).Message, StringComparison.Ordinal);
        WriteToken(erase: false);
        Assert.Contains("not a whole disk", Preparer(Disk() with { Kind = "part" }).Prepare(Device, Tokens).Message, StringComparison.Ordinal);
        WriteToken(erase: false);
        Assert.Contains("not the 67108864", Preparer(Disk() with { SizeBytes = Size * 2 }).Prepare(Device, Tokens).Message, StringComparison.Ordinal);
        WriteToken(erase: false);
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Contains("expired", Preparer().Prepare(Device, Tokens).Message, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(Tokens, "sdz.token"), new PrepareToken("/dev/sdy", Size, false, "pivault", time.GetUtcNow()).Format());
        Assert.Contains("is for /dev/sdy", Preparer().Prepare(Device, Tokens).Message, StringComparison.Ordinal);
        Assert.Contains("not a disk PiVault prepares", Preparer().Prepare("/dev/sdz1", Tokens).Message, StringComparison.Ordinal);
        Assert.Equal("", DiskTool.Run("wipefs", ["--no-act", "--noheadings", Image]).Output.Trim());
    }

    private static BlockDevice Disk() =>
        new("sdz", Device, "disk", Size, null, null, null, null, "Test Disk", "T1", "usb", null, null, Device, 0, []);

    private DrivePreparer Preparer(BlockDevice? disk = null) => new(_ => [disk ?? Disk()], time, Image, "1234:5678");

    private void WriteToken(bool erase) =>
        File.WriteAllText(Path.Combine(Tokens, PrepareToken.FileName(Device)), new PrepareToken(Device, Size, erase, "pivault-backup", time.GetUtcNow()).Format());
}

public sealed class DrivePrepareCommandTests
{
    [Fact]
    public void The_command_needs_a_device_and_refuses_without_a_confirmation()
    {
        var folder = TempDir.Create();
        try
        {
            var error = new StringWriter();
            Assert.Equal(64, PiVault.Server.Cli.DrivePrepareCommand.Run(PiVault.Server.Cli.CommandLine.Parse(["drive", "prepare"]), TextWriter.Null, error));
            Assert.Contains("--device", error.ToString(), StringComparison.Ordinal);

            error = new StringWriter();
            var code = PiVault.Server.Cli.DrivePrepareCommand.Run(
                PiVault.Server.Cli.CommandLine.Parse(["drive", "prepare", "--device", "/dev/sdzz", "--token-dir", folder]), TextWriter.Null, error);

            Assert.Equal(1, code);
            Assert.Contains("refused: no confirmation for /dev/sdzz", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(folder);
        }
    }
}
