using System.Diagnostics;
using System.Text.Json;

namespace PiVault.Server.Features.Drives;

/// <summary>
/// A block device or partition as <c>lsblk --json</c> reports it. <see cref="Disk"/> is the whole disk it belongs to
/// (itself for a disk); <see cref="MountPoints"/> holds its own mount point and those of everything below it.
/// </summary>
public sealed record BlockDevice(
    string Name, string Path, string Kind, long SizeBytes, long? FreeBytes, string? FileSystem, string? Uuid, string? Label,
    string? Model, string? Serial, string? Transport, string? MountPoint, string? PartitionTable, string Disk, int Partitions,
    IReadOnlyList<string> MountPoints);

/// <summary>
/// The one reader of <c>lsblk</c>: runs it with the columns PiVault needs and flattens its tree (disks with partition
/// children), skipping loop devices, RAM disks, zram and optical drives.
/// </summary>
public static class Lsblk
{
    public const string Columns = "NAME,PATH,SIZE,TYPE,FSTYPE,UUID,LABEL,MODEL,SERIAL,TRAN,MOUNTPOINT,FSAVAIL,PTTYPE";

    /// <summary>Runs <c>lsblk --json --bytes</c>; throws <see cref="InvalidOperationException"/> when it fails.</summary>
    public static List<BlockDevice> Run(string? device = null)
    {
        var start = new ProcessStartInfo("lsblk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--json", "--bytes", "--output", Columns })
        {
            start.ArgumentList.Add(argument);
        }
        if (device is not null)
        {
            start.ArgumentList.Add(device);
        }
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("lsblk did not start");
            var json = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(5000) || process.ExitCode != 0)
            {
                throw new InvalidOperationException($"lsblk failed: {error.Trim()}");
            }
            return Parse(json);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException)
        {
            throw new InvalidOperationException($"lsblk failed: {e.Message}", e);
        }
    }

    public static List<BlockDevice> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var devices = new List<BlockDevice>();
        foreach (var device in document.RootElement.GetProperty("blockdevices").EnumerateArray())
        {
            Add(device, null, devices);
        }
        return devices;
    }

    /// <returns>The mount points of <paramref name="e"/> and everything below it.</returns>
    private static List<string> Add(JsonElement e, string? disk, List<BlockDevice> into)
    {
        var mounts = new List<string>();
        var type = Text(e, "type") ?? "disk";
        var name = Text(e, "name") ?? "";
        if (type is "loop" or "ram" or "rom" || name.StartsWith("zram", StringComparison.Ordinal))
        {
            return mounts;
        }
        var path = Text(e, "path") ?? $"/dev/{name}";
        var index = into.Count;
        var mountPoint = Text(e, "mountpoint");
        if (mountPoint is not null)
        {
            mounts.Add(mountPoint);
        }
        into.Add(null!);
        var partitions = 0;
        if (e.TryGetProperty("children", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                partitions++;
                mounts.AddRange(Add(child, disk ?? path, into));
            }
        }
        into[index] = new BlockDevice(name, path, type, Number(e, "size") ?? 0, Number(e, "fsavail"), Text(e, "fstype"), Text(e, "uuid"),
            Text(e, "label"), Text(e, "model")?.Trim(), Text(e, "serial")?.Trim(), Text(e, "tran"), mountPoint, Text(e, "pttype"),
            disk ?? path, partitions, mounts);
        return mounts;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>lsblk prints sizes as numbers or, in older versions, as strings.</summary>
    private static long? Number(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetInt64()
        : v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), out var n) ? n : null;
}
