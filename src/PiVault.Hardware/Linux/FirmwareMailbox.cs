using System.Runtime.InteropServices;

namespace PiVault.Hardware.Linux;

/// <summary>
/// The VideoCore firmware's property mailbox behind <c>/dev/vcio</c> (Raspberry Pi kernels only; the service user
/// needs the <c>video</c> group). It answers GET_THROTTLED the way <c>vcgencmd get_throttled</c> does, without
/// starting a process: one ioctl with a property buffer.
/// </summary>
internal static partial class FirmwareMailbox
{
    /// <summary>RPI_FIRMWARE_GET_THROTTLED from the kernel's raspberrypi-firmware.h.</summary>
    private const uint GetThrottledTag = 0x0003_0046;
    private const uint ResponseSuccess = 0x8000_0000;

    /// <summary>_IOWR(100, 0, char*): read-write, the size of a pointer, type 100, number 0.</summary>
    private static nuint PropertyRequest => (nuint)((3u << 30) | ((uint)IntPtr.Size << 16) | (100u << 8));

    /// <summary>The throttle bits, or null with the reason when the device refuses (not a mailbox, no permission).</summary>
    public static unsafe uint? GetThrottled(string devicePath, out string? error)
    {
        // size, request code, tag, value buffer size, tag request/response code, value (0: clear no sticky bits), end tag
        var buffer = stackalloc uint[] { 7 * sizeof(uint), 0, GetThrottledTag, sizeof(uint), 0, 0, 0 };
        try
        {
            using var device = File.OpenHandle(devicePath, FileMode.Open, FileAccess.ReadWrite);
            if (Ioctl((int)device.DangerousGetHandle(), PropertyRequest, buffer) < 0)
            {
                error = $"GET_THROTTLED mailbox call failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
                return null;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot open: {e.Message}";
            return null;
        }
        if (buffer[1] != ResponseSuccess || (buffer[4] & ResponseSuccess) == 0)
        {
            error = $"the firmware refused GET_THROTTLED (response 0x{buffer[1]:x8}, tag 0x{buffer[4]:x8})";
            return null;
        }
        error = null;
        return buffer[5];
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int Ioctl(int fd, nuint request, uint* argument);
}
