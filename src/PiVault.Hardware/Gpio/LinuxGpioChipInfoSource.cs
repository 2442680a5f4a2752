using System.Globalization;

namespace PiVault.Hardware.Gpio;

/// <summary>
/// Asks the chip itself (GPIO_GET_CHIPINFO and GPIO_V2_GET_LINEINFO). When the device cannot answer (it cannot be
/// opened, or is not a GPIO chip: ENOTTY, as a plain file in a fake tree), the label and line count come from sysfs
/// instead: with <c>CONFIG_GPIO_SYSFS</c> every chip device <c>sys/bus/gpio/devices/gpiochipN</c> has a child
/// <c>gpiochip&lt;base&gt;</c> with <c>label</c> and <c>ngpio</c> files. Line names exist only through the ioctl.
/// </summary>
public sealed class LinuxGpioChipInfoSource(string root) : IGpioChipInfoSource
{
    public GpioChipInfo? Describe(string devicePath)
    {
        try
        {
            using var chip = GpioChip.Open(devicePath);
            return chip.Info();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FromSysfs(Path.GetFileName(devicePath));
        }
    }

    public string? LineName(string devicePath, uint offset)
    {
        try
        {
            using var chip = GpioChip.Open(devicePath);
            var name = chip.LineInfo(offset).Name;
            return name.Length > 0 ? name : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The legacy sysfs class device under the chip's bus device: its label and line count.</summary>
    private GpioChipInfo? FromSysfs(string chipName)
    {
        var device = Path.Combine(root, "sys", "bus", "gpio", "devices", chipName);
        try
        {
            foreach (var classDevice in Directory.Exists(device) ? Directory.GetDirectories(device, "gpiochip*") : [])
            {
                var label = File.ReadAllText(Path.Combine(classDevice, "label")).Trim();
                var lines = uint.TryParse(File.ReadAllText(Path.Combine(classDevice, "ngpio")).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                return new GpioChipInfo(chipName, label, lines);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return null;
    }
}
