using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PiVault.Hardware.Gpio;

/// <summary>How <see cref="GpioEventReader.Run"/> ended.</summary>
public enum ReaderEnd
{
    /// <summary>The caller asked it to stop.</summary>
    Stopped,
    /// <summary>read() returned 0: a pipe's writer closed or a file ended (a line fd never does this).</summary>
    EndOfStream,
    /// <summary>read() or poll() failed; the message says how.</summary>
    Failed,
}

/// <summary>
/// Reads 48-byte <c>gpio_v2_line_event</c> records from a line fd, or from anything that behaves like one (a pipe or a
/// file in tests: the same code path). poll() with a short timeout lets the loop notice a stop request without closing
/// the fd under a blocked read(). A record split across reads is kept until its remainder arrives.
/// </summary>
public static class GpioEventReader
{
    private const int RecordsPerRead = 16;

    /// <param name="fd">Borrowed: the caller owns and closes it, after this returns.</param>
    public static unsafe ReaderEnd Run(SafeFileHandle fd, Action<GpioLineEvent> onEvent, CancellationToken stop, out string? error, int pollMilliseconds = 200)
    {
        var buffer = new byte[GpioUapi.LineEventSize * RecordsPerRead];
        var filled = 0;
        error = null;
        var ownsRef = false;
        fd.DangerousAddRef(ref ownsRef); // the raw fd number goes into pollfd, so keep it from being closed meanwhile
        try
        {
            var pollFd = new GpioInterop.PollFd { Fd = (int)fd.DangerousGetHandle(), Events = GpioInterop.POLLIN };
            while (!stop.IsCancellationRequested)
            {
                pollFd.Revents = 0;
                var ready = GpioInterop.Poll(&pollFd, 1, pollMilliseconds);
                if (ready == 0)
                {
                    continue;
                }
                if (ready < 0)
                {
                    var pollErrno = Marshal.GetLastPInvokeError();
                    if (pollErrno == GpioInterop.EINTR)
                    {
                        continue;
                    }
                    error = $"poll failed: {GpioInterop.Describe(pollErrno)}";
                    return ReaderEnd.Failed;
                }
                nint count;
                fixed (byte* start = buffer)
                {
                    count = GpioInterop.Read(fd, start + filled, (nuint)(buffer.Length - filled));
                }
                if (count == 0)
                {
                    return ReaderEnd.EndOfStream;
                }
                if (count < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno is GpioInterop.EINTR or GpioInterop.EAGAIN)
                    {
                        continue;
                    }
                    error = $"read failed: {GpioInterop.Describe(errno)}";
                    return ReaderEnd.Failed;
                }
                filled += (int)count;
                filled = Deliver(buffer, filled, onEvent);
            }
            return ReaderEnd.Stopped;
        }
        finally
        {
            if (ownsRef)
            {
                fd.DangerousRelease();
            }
        }
    }

    /// <summary>Decodes every whole record, moves a partial one to the front, and returns how many bytes remain.</summary>
    private static int Deliver(byte[] buffer, int filled, Action<GpioLineEvent> onEvent)
    {
        var whole = filled - filled % GpioUapi.LineEventSize;
        for (var at = 0; at < whole; at += GpioUapi.LineEventSize)
        {
            onEvent(GpioUapi.ParseEvent(buffer.AsSpan(at, GpioUapi.LineEventSize)));
        }
        buffer.AsSpan(whole, filled - whole).CopyTo(buffer);
        return filled - whole;
    }
}
