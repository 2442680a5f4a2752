using PiVault.Hardware.Fakes;
using PiVault.Hardware.Gpio;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Hardware;

/// <summary>
/// Finding the button's chip and line on fake /dev + /sys trees, through the production chip source (its ioctls fail on
/// the plain files, so the labels come from sysfs as on a kernel where the chip cannot be opened), and line names
/// from a table (they exist only through the ioctl).
/// </summary>
public sealed class GpioChipFinderTests : IDisposable
{
    private readonly string dir = TempDir.Create();
    private readonly FakeSysfsTree tree;

    public GpioChipFinderTests() => tree = new FakeSysfsTree(dir);

    public void Dispose() => TempDir.Delete(dir);

    private GpioChipFinder Finder() => new(dir, new LinuxGpioChipInfoSource(dir));

    [Fact]
    public void A_pi4_chip_is_found_by_label_whatever_its_number()
    {
        tree.GpioChip(0, "raspberrypi-exp-gpio", 8, lineBase: 504).GpioChip(1, "pinctrl-bcm2711", 58, lineBase: 512);

        var found = Finder().Find("pinctrl-bcm2711", "17", out _);

        Assert.NotNull(found);
        Assert.Equal(Path.Combine(dir, "dev", "gpiochip1"), found.DevicePath);
        Assert.Equal(new GpioChipInfo("gpiochip1", "pinctrl-bcm2711", 58), found.Chip);
        Assert.Equal(17u, found.Offset);
    }

    [Fact]
    public void The_qemu_virt_pl061_line_3_is_found_and_chips_are_searched_in_numeric_order()
    {
        tree.GpioChip(10, "9030000.pl061", 8, lineBase: 600).GpioChip(2, "9030000.pl061", 8, lineBase: 500);

        var found = Finder().Find("9030000.pl061", "3", out _);

        Assert.Equal("gpiochip2", found?.Chip.Name); // gpiochip2 before gpiochip10
        Assert.Equal(3u, found?.Offset);
        Assert.Equal("gpiochip10", Finder().Find("gpiochip10", "3", out _)?.Chip.Name); // the kernel name works too
    }

    [Fact]
    public void A_missing_chip_an_offset_past_the_end_and_no_dev_say_what_was_there()
    {
        Assert.Null(Finder().Find("pinctrl-bcm2711", "GPIO17", out var none));
        Assert.StartsWith("no GPIO chips (", none, StringComparison.Ordinal);

        tree.GpioChip(0, "9030000.pl061", 8);
        Assert.Null(Finder().Find("pinctrl-bcm2711", "17", out var wrongChip));
        Assert.Equal("no line 17 on chip 'pinctrl-bcm2711'; chips found: gpiochip0 [9030000.pl061]", wrongChip);
        Assert.Null(Finder().Find("9030000.pl061", "8", out _));
        Assert.NotNull(Finder().Find("", "7", out _)); // any chip
    }

    [Fact]
    public void A_line_is_found_by_its_device_tree_name()
    {
        tree.GpioChip(0, "pinctrl-bcm2711", 58).GpioChip(1, "raspberrypi-exp-gpio", 8);
        var names = new NamedLines(new LinuxGpioChipInfoSource(dir), new() { [("gpiochip0", 17)] = "GPIO17", [("gpiochip1", 2)] = "GPIO17" });

        var onSoc = new GpioChipFinder(dir, names).Find("pinctrl-bcm2711", "GPIO17", out _);
        var anywhere = new GpioChipFinder(dir, names).Find("", "GPIO17", out _);

        Assert.Equal(("gpiochip0", 17u, "GPIO17"), (onSoc?.Chip.Name, onSoc?.Offset, onSoc?.LineName));
        Assert.Equal("gpiochip0", anywhere?.Chip.Name);
        Assert.Null(new GpioChipFinder(dir, names).Find("pinctrl-bcm2711", "GPIO99", out _));
    }

    /// <summary>The real source's labels, with line names from a table.</summary>
    private sealed class NamedLines(IGpioChipInfoSource inner, Dictionary<(string Chip, uint Offset), string> names) : IGpioChipInfoSource
    {
        public GpioChipInfo? Describe(string devicePath) => inner.Describe(devicePath);

        public string? LineName(string devicePath, uint offset) => names.GetValueOrDefault((Path.GetFileName(devicePath), offset));
    }
}
