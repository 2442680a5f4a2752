using Microsoft.Win32.SafeHandles;

namespace PiVault.Hardware.Gpio;

/// <summary>
/// An open <c>/dev/gpiochipN</c>. Owns the chip fd (closed on dispose); a requested line gets its own fd, which stays
/// valid after the chip is closed, as in the kernel's API.
/// </summary>
public sealed class GpioChip : IDisposable
{
    private readonly SafeFileHandle handle;

    private GpioChip(string path, SafeFileHandle handle)
    {
        Path = path;
        this.handle = handle;
    }

    public string Path { get; }

    /// <summary>Opens the chip read-write (as libgpiod does). Throws <see cref="UnauthorizedAccessException"/> without the gpio group.</summary>
    public static GpioChip Open(string path) => new(path, File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite));

    /// <summary>GPIO_GET_CHIPINFO_IOCTL; throws <see cref="GpioException"/> (ENOTTY when the file is not a GPIO chip).</summary>
    public GpioChipInfo Info()
    {
        var buffer = new byte[GpioUapi.ChipInfoSize];
        Check(GpioInterop.IoctlErrno(handle, GpioUapi.GetChipInfo, buffer), "GPIO_GET_CHIPINFO");
        return GpioUapi.ParseChipInfo(buffer);
    }

    /// <summary>GPIO_V2_GET_LINEINFO_IOCTL for one line: its name, and who holds it.</summary>
    public GpioLineInfo LineInfo(uint offset)
    {
        var buffer = GpioUapi.LineInfoQuery(offset);
        Check(GpioInterop.IoctlErrno(handle, GpioUapi.GetLineInfo, buffer), "GPIO_V2_GET_LINEINFO");
        return GpioUapi.ParseLineInfo(buffer);
    }

    /// <summary>
    /// GPIO_V2_GET_LINE_IOCTL for one line. The returned handle owns the line fd: read edge events from it, and dispose
    /// it to release the line. Throws <see cref="GpioException"/> with the errno (EBUSY: another consumer holds it).
    /// </summary>
    public SafeFileHandle RequestLine(uint offset, string consumer, GpioLineFlags flags, uint debounceMicroseconds)
    {
        var request = GpioUapi.LineRequest(offset, consumer, flags, debounceMicroseconds);
        Check(GpioInterop.IoctlErrno(handle, GpioUapi.GetLine, request), "GPIO_V2_GET_LINE");
        return new SafeFileHandle(GpioUapi.RequestedFd(request), ownsHandle: true);
    }

    /// <summary>GPIO_V2_LINE_GET_VALUES_IOCTL on a requested line: its physical level now (true = high).</summary>
    public static bool ReadLevel(SafeFileHandle line)
    {
        var values = GpioUapi.ValuesQuery();
        Check(GpioInterop.IoctlErrno(line, GpioUapi.GetLineValues, values), "GPIO_V2_LINE_GET_VALUES");
        return GpioUapi.FirstValue(values);
    }

    /// <summary>GPIO_V2_LINE_SET_VALUES_IOCTL on a line requested as output: drives it high (true) or low.</summary>
    public static void WriteLevel(SafeFileHandle line, bool high) =>
        Check(GpioInterop.IoctlErrno(line, GpioUapi.SetLineValues, GpioUapi.ValuesSetting(high)), "GPIO_V2_LINE_SET_VALUES");

    /// <summary>The consumer the kernel names for the line (gpio-keys calls its line "GPIO Key Poweroff" on QEMU virt), for a message about a busy line.</summary>
    public static string Holder(GpioLineLocation where)
    {
        try
        {
            using var chip = GpioChip.Open(where.DevicePath);
            var consumer = chip.LineInfo(where.Offset).Consumer;
            return consumer.Length > 0 ? $"'{consumer}'" : "another consumer (unnamed)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another consumer";
        }
    }

    public void Dispose() => handle.Dispose();

    private static void Check(int errno, string call)
    {
        if (errno != 0)
        {
            throw new GpioException(call, errno);
        }
    }
}

/// <summary>A GPIO ioctl the kernel refused; <see cref="Errno"/> says why.</summary>
public sealed class GpioException(string call, int errno) : IOException($"{call} failed: {GpioInterop.Describe(errno)} (errno {errno})")
{
    public int Errno { get; } = errno;
}
