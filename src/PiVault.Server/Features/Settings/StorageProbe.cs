using PiVault.Server.Configuration;
using PiVault.Server.Features.Drives;

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
            return Lsblk.Run().Select(ToDto).ToList();
        }
        catch (InvalidOperationException e)
        {
            LogLsblkFailed(logger, e.Message);
            return null;
        }
    }

    /// <summary>Flattens lsblk's tree (disks with partition children), skipping loop devices and RAM disks (<see cref="Lsblk"/>).</summary>
    public static List<StorageDeviceDto> ParseLsblk(string json) => Lsblk.Parse(json).Select(ToDto).ToList();

    private static StorageDeviceDto ToDto(BlockDevice d) =>
        new(d.Path, d.Path, d.Kind, d.SizeBytes, d.FreeBytes, d.FileSystem, d.MountPoint, d.Model, d.Transport, d.Label);

    [LoggerMessage(Level = LogLevel.Warning, Message = "lsblk failed, listing the data folder only: {Reason}")]
    private static partial void LogLsblkFailed(ILogger logger, string reason);
}
