using System.Globalization;

namespace PiVault.Hardware.Gpio;

/// <summary>Where a configured line lives: the chip's device file and description, and the line's offset (and name, when it has one).</summary>
public sealed record GpioLineLocation(string DevicePath, GpioChipInfo Chip, uint Offset, string? LineName);

/// <summary>
/// Finds a line by chip label (or kernel name) and line offset or line name, over every <c>dev/gpiochip*</c> under a
/// root. Chip numbers are not stable (Pi 5 kernels moved the header chip from gpiochip4 to gpiochip0, then to 10+),
/// so a chip is never chosen by its number alone.
/// </summary>
public sealed class GpioChipFinder(string root, IGpioChipInfoSource chips)
{
    /// <param name="chip">A chip label ("pinctrl-bcm2711", "9030000.pl061") or kernel name ("gpiochip0"); empty = any chip.</param>
    /// <param name="line">A line offset ("17", "3") or a line name from the device tree ("GPIO17").</param>
    /// <param name="why">When nothing matched: what was looked for and what was there, in one sentence.</param>
    public GpioLineLocation? Find(string? chip, string line, out string why)
    {
        var devices = ChipDevices();
        if (devices.Count == 0)
        {
            why = $"no GPIO chips ({Path.Combine(root, "dev", "gpiochip*")} does not exist)";
            return null;
        }
        var seen = new List<string>();
        foreach (var device in devices)
        {
            if (chips.Describe(device) is not { } info)
            {
                continue;
            }
            seen.Add($"{info.Name} [{info.Label}]");
            if (!string.IsNullOrEmpty(chip) && info.Label != chip && info.Name != chip)
            {
                continue;
            }
            if (uint.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                if (offset < info.Lines)
                {
                    why = "";
                    return new GpioLineLocation(device, info, offset, chips.LineName(device, offset));
                }
                continue;
            }
            for (var candidate = 0u; candidate < info.Lines; candidate++)
            {
                if (chips.LineName(device, candidate) == line)
                {
                    why = "";
                    return new GpioLineLocation(device, info, candidate, line);
                }
            }
        }
        var wanted = string.IsNullOrEmpty(chip) ? $"line {line} on any chip" : $"line {line} on chip '{chip}'";
        why = $"no {wanted}; chips found: {(seen.Count > 0 ? string.Join(", ", seen) : "none readable")}";
        return null;
    }

    /// <summary>dev/gpiochipN in numeric order (gpiochip10 after gpiochip2).</summary>
    private List<string> ChipDevices()
    {
        var dev = Path.Combine(root, "dev");
        try
        {
            return Directory.Exists(dev)
                ? Directory.GetFiles(dev, "gpiochip*").Select(path => (path, number: ChipNumber(Path.GetFileName(path))))
                    .Where(c => c.number >= 0).OrderBy(c => c.number).Select(c => c.path).ToList()
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static int ChipNumber(string name) =>
        int.TryParse(name.AsSpan("gpiochip".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
}
