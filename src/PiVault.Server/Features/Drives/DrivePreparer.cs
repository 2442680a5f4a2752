using System.Globalization;
using System.Text.Json;

namespace PiVault.Server.Features.Drives;

/// <summary>
/// The root side of preparing a drive (<c>pivault drive prepare</c>, run by <c>pivault-prepare@.service</c>): GPT with
/// one Linux partition, ext4 labelled <c>pivault-&lt;role&gt;</c>. It trusts nothing the service said except the
/// token, and checks again itself: the token names this device and its current size and is fresh; the device is a
/// whole disk, neither mounted nor holding a mounted partition (so never the system disk); and a disk with a
/// partition table, partitions or any signature <c>wipefs</c> finds is erased only when the token says so.
/// </summary>
/// <param name="describe">lsblk's view of one device (<see cref="Lsblk.Run"/>); a stand-in in tests.</param>
/// <param name="node">
/// The file written to: the device itself on the appliance; in tests a disk image FILE, where the file system is made
/// at the partition's offset instead of on a partition node.
/// </param>
/// <param name="rootOwner">
/// <c>uid:gid</c> to own the new file system's top folder (the service user, so the unprivileged service can write to
/// the mounted drive); null leaves it to root.
/// </param>
public sealed class DrivePreparer(Func<string, IReadOnlyList<BlockDevice>> describe, TimeProvider time, string? node = null, string? rootOwner = null)
{
    public sealed record Outcome(bool Done, string Message, string? Uuid = null);

    public Outcome Prepare(string device, string tokenDir)
    {
        if (!PrepareToken.IsDevice(device))
        {
            return Refuse($"{device} is not a disk PiVault prepares (sdX, nvmeXnY, mmcblkX, vdX)");
        }
        var token = TakeToken(device, tokenDir, out var tokenProblem);
        if (token is null)
        {
            return Refuse(tokenProblem);
        }
        var target = node ?? device;
        IReadOnlyList<BlockDevice> devices;
        try
        {
            devices = describe(device);
        }
        catch (InvalidOperationException e)
        {
            return Refuse($"{device} cannot be read: {e.Message}");
        }
        var disk = devices.FirstOrDefault(d => d.Path == device);
        if (disk is null || !File.Exists(target))
        {
            return Refuse($"{device} is not attached");
        }
        if (disk.Kind != "disk")
        {
            return Refuse($"{device} is a {disk.Kind}, not a whole disk");
        }
        if (disk.MountPoints.Count > 0)
        {
            return Refuse($"{device} is in use: mounted at {string.Join(", ", disk.MountPoints)}");
        }
        if (disk.SizeBytes != token.SizeBytes)
        {
            return Refuse($"{device} is {disk.SizeBytes} bytes, not the {token.SizeBytes} the confirmation was for");
        }
        var signatures = DiskTool.Run("wipefs", ["--no-act", "--noheadings", target]);
        var holdsData = disk.Partitions > 0 || disk.FileSystem is not null || disk.PartitionTable is not null
            || !signatures.Ok || signatures.Output.Trim().Length > 0;
        if (holdsData && !token.EraseData)
        {
            return Refuse($"{device} holds data (a partition table, partitions or a file system) and the confirmation did not allow erasing it");
        }
        return Partition(device, target, token, rootOwner);
    }

    private static Outcome Partition(string device, string target, PrepareToken token, string? owner)
    {
        if (token.EraseData && !DiskTool.Run("wipefs", ["--all", "--quiet", target]).Ok)
        {
            return Refuse($"wipefs failed on {device}");
        }
        var sfdisk = DiskTool.Run("sfdisk", ["--quiet", "--wipe", "always", target], "label: gpt\n,,L\n");
        if (!sfdisk.Ok)
        {
            return Refuse($"sfdisk failed on {device}: {sfdisk.Error.Trim()}");
        }
        var table = DiskTool.Run("sfdisk", ["--json", target]);
        if (!table.Ok)
        {
            return Refuse($"sfdisk --json failed on {device}: {table.Error.Trim()}");
        }
        var (partitionNode, start, sectors, sectorSize) = FirstPartition(table.Output);
        var onFile = !target.StartsWith("/dev/", StringComparison.Ordinal);
        // mke2fs keeps only the last -E: every extended option goes into one
        List<string> extended = owner is null ? [] : [$"root_owner={owner}"];
        List<string> mkfs = ["-q", "-F", "-L", token.Label];
        List<string> blkid = ["-p", "-s", "UUID", "-o", "value"];
        if (onFile)
        {
            var offset = (start * sectorSize).ToString(CultureInfo.InvariantCulture);
            extended.Add($"offset={offset}");
            mkfs.AddRange(["-E", string.Join(',', extended), target, (sectors * sectorSize / 1024).ToString(CultureInfo.InvariantCulture) + "k"]);
            blkid.AddRange(["-O", offset, target]);
        }
        else
        {
            DiskTool.Run("udevadm", ["settle", "--timeout=10"]);
            mkfs.AddRange(extended.Count > 0 ? ["-E", string.Join(',', extended), partitionNode] : [partitionNode]);
            blkid.Add(partitionNode);
        }
        var format = DiskTool.Run("mkfs.ext4", mkfs);
        if (!format.Ok)
        {
            return Refuse($"mkfs.ext4 failed on {device}: {format.Error.Trim()}");
        }
        var uuid = DiskTool.Run("blkid", blkid).Output.Trim();
        return new Outcome(true, $"{device} prepared: GPT, one ext4 partition labelled {token.Label}, UUID {uuid}", uuid);
    }

    private static (string Node, long Start, long Sectors, long SectorSize) FirstPartition(string json)
    {
        using var document = JsonDocument.Parse(json);
        var table = document.RootElement.GetProperty("partitiontable");
        var sectorSize = table.TryGetProperty("sectorsize", out var s) ? s.GetInt64() : 512;
        var first = table.GetProperty("partitions")[0];
        return (first.GetProperty("node").GetString()!, first.GetProperty("start").GetInt64(), first.GetProperty("size").GetInt64(), sectorSize);
    }

    /// <summary>Reads and deletes the device's token: one use, whatever happens next.</summary>
    private PrepareToken? TakeToken(string device, string tokenDir, out string problem)
    {
        var path = Path.Combine(tokenDir, PrepareToken.FileName(device));
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Length > 4096)
            {
                problem = $"no confirmation for {device} (the admin types it in PiVault first)";
                return null;
            }
            text = File.ReadAllText(path);
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"the confirmation for {device} cannot be read: {e.Message}";
            return null;
        }
        var token = PrepareToken.Parse(text);
        var age = time.GetUtcNow() - token?.Written;
        problem = token is null ? $"the confirmation for {device} is not well-formed"
            : token.Device != device ? $"the confirmation is for {token.Device}, not {device}"
            : age > PrepareToken.Lifetime || age < -TimeSpan.FromMinutes(1) ? $"the confirmation for {device} has expired; confirm again"
            : "";
        return problem.Length == 0 ? token : null;
    }

    private static Outcome Refuse(string reason) => new(false, "refused: " + reason);
}
