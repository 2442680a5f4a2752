using System.Diagnostics;
using System.Text.Json;
using PiVault.Server.Configuration;

namespace PiVault.Server.Features.Settings;

/// <summary>
/// Lists what storage the server can see: block devices and partitions from <c>lsblk --json</c> on the appliance, the
/// data folder in development. Read-only: nothing here mounts or formats.
/// </summary>
public sealed partial class StorageProbe(PiVaultOptions options, ILogger<StorageProbe> logger)
{
    public List<StorageDeviceDto> Devices() =>
        options.Profile == RunProfile.Appliance ? BlockDevices() ?? [DataFolder()] : [DataFolder()];

    private StorageDeviceDto DataFolder()
    {
        var drive = new DriveInfo(options.DataDir);
        return new StorageDeviceDto("data-dir", options.DataDir, "folder", drive.TotalSize, drive.AvailableFreeSpace, drive.DriveFormat,
            drive.RootDirectory.FullName, null, null, "PiVault data folder");
    }

    private List<StorageDeviceDto>? BlockDevices()
    {
        try
        {
            var start = new ProcessStartInfo("lsblk", "--json --bytes --output NAME,PATH,SIZE,TYPE,FSTYPE,MOUNTPOINT,MODEL,TRAN,LABEL,FSAVAIL")
            {
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var json = process.StandardOutput.ReadToEnd();
            process.WaitForExit(5000);
            return ParseLsblk(json);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException or InvalidOperationException)
        {
            LogLsblkFailed(logger, e.Message);
            return null;
        }
    }

    /// <summary>Flattens lsblk's tree (disks with partition children), skipping loop devices and RAM disks.</summary>
    public static List<StorageDeviceDto> ParseLsblk(string json)
    {
        using var document = JsonDocument.Parse(json);
        var devices = new List<StorageDeviceDto>();
        foreach (var device in document.RootElement.GetProperty("blockdevices").EnumerateArray())
        {
            Add(device, devices);
        }
        return devices;
    }

    private static void Add(JsonElement e, List<StorageDeviceDto> into)
    {
        var type = Text(e, "type") ?? "disk";
        if (type is "loop" or "ram" or "rom")
        {
            return;
        }
        var path = Text(e, "path") ?? $"/dev/{Text(e, "name")}";
        into.Add(new StorageDeviceDto(path, path, type, Number(e, "size") ?? 0, Number(e, "fsavail"), Text(e, "fstype"), Text(e, "mountpoint"),
            Text(e, "model")?.Trim(), Text(e, "tran"), Text(e, "label")));
        if (e.TryGetProperty("children", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                Add(child, into);
            }
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>lsblk prints sizes as numbers or, in older versions, as strings.</summary>
    private static long? Number(JsonElement e, string name) =>
        !e.TryGetProperty(name, out var v) ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetInt64()
        : v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), out var n) ? n : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "lsblk failed, listing the data folder only: {Reason}")]
    private static partial void LogLsblkFailed(ILogger logger, string reason);
}
