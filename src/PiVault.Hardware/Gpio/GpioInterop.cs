using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PiVault.Hardware.Gpio;

/// <summary>
/// The three libc calls the GPIO code needs. Raw imports with their native names; the fd parameters are SafeHandles so a
/// handle closed by another thread fails the call (EBADF) instead of reaching a recycled fd number.
/// </summary>
internal static partial class GpioInterop
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;
    public const int EOPNOTSUPP = 95;
    /// <summary>The kernel's internal ENOTSUPP, which some drivers let escape to user space.</summary>
    public const int ENOTSUPP = 524;

    public const short POLLIN = 0x1;

    /// <summary>struct pollfd: int fd, short events, short revents (8 bytes on both architectures).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>ioctl(2) with a buffer the kernel reads and/or writes; the buffer must stay pinned for the call. -1 and errno on failure.</summary>
    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static unsafe partial int Ioctl(SafeFileHandle fd, nuint request, byte* argument);

    /// <summary>read(2): the byte count, 0 at end of file, -1 and errno on failure.</summary>
    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(SafeFileHandle fd, byte* buffer, nuint count);

    /// <summary>poll(2) on one fd: 1 when it has something (or an error/hang-up), 0 on timeout, -1 and errno on failure.</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    /// <summary>Issues <paramref name="request"/> with <paramref name="buffer"/> as its argument; returns 0 or the errno.</summary>
    public static unsafe int IoctlErrno(SafeFileHandle fd, uint request, byte[] buffer)
    {
        fixed (byte* argument = buffer)
        {
            return Ioctl(fd, request, argument) < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
    }

    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
