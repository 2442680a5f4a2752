namespace PiVault.Hardware.Gpio;

/// <summary>
/// What a GPIO chip device is: its label and line count, and its lines' names. The kernel answers through ioctls on
/// the device (<see cref="LinuxGpioChipInfoSource"/>); tests answer from a fake tree or a table.
/// </summary>
public interface IGpioChipInfoSource
{
    /// <summary>The chip behind a <c>dev/gpiochipN</c> path, or null when it cannot be described.</summary>
    GpioChipInfo? Describe(string devicePath);

    /// <summary>The device-tree name of one line ("GPIO17"), or null when the line has none or it cannot be read.</summary>
    string? LineName(string devicePath, uint offset);
}
