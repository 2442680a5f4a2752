namespace PiVault.Server.Features.Drives;

/// <summary>The block devices attached now; <see cref="LsblkBlockDevices"/> on a real system, a stand-in in tests.</summary>
public interface IBlockDevices
{
    /// <summary>Throws <see cref="InvalidOperationException"/> when the devices cannot be listed.</summary>
    IReadOnlyList<BlockDevice> List();
}

public sealed class LsblkBlockDevices : IBlockDevices
{
    public IReadOnlyList<BlockDevice> List() => Lsblk.Run();
}
