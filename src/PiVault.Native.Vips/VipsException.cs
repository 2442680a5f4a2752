using System.Runtime.InteropServices;
using PiVault.Native.Vips.Interop;

namespace PiVault.Native.Vips;

/// <summary>A libvips call failed; <see cref="Exception.Message"/> is libvips' own error text.</summary>
internal sealed class VipsException(string message) : Exception(message);

/// <summary>
/// Reads libvips' error buffer, which is one text buffer for the whole process: pipelines append to it from
/// libvips' worker threads, some calls append and then recover, and nothing says which line is whose.
/// </summary>
/// <remarks>
/// Attribution rules: a unit of work (<see cref="BeginWork"/>) starts by taking whatever text is left. If no
/// other work is running that text is stale and dropped; otherwise it may be a running call's real error,
/// so it is set aside, and a failing call whose own take finds the buffer empty gets the set-aside text.
/// Serial use therefore reports exactly its own error; under concurrency a message may carry a neighbour's
/// line, but an error is not lost to a neighbour's clean-up.
/// </remarks>
internal static unsafe class VipsErrorBuffer
{
    private const int SetAsideLimit = 4096;
    private static readonly Lock Gate = new();
    private static int _inFlight;
    private static string _setAside = "";

    /// <summary>Marks the start of a call on this thread; dispose the scope when the call ends.</summary>
    public static WorkScope BeginWork()
    {
        lock (Gate)
        {
            SetAsideLocked(othersRunning: _inFlight > 0);
            _inFlight++;
        }
        VipsWarnings.Reset();
        return new WorkScope();
    }

    /// <summary>
    /// The error text for a failure that just happened on this thread: the buffer (copied and cleared in one
    /// step), else text set aside by a concurrent start, else this thread's last libvips warning with
    /// <paramref name="fallback"/>, else <paramref name="fallback"/>. One line, "; "-separated.
    /// </summary>
    public static string Take(string fallback)
    {
        lock (Gate)
        {
            var lines = Lines(TakeRaw());
            if (lines.Length == 0)
            {
                lines = Lines(_setAside);
                _setAside = "";
            }
            return lines.Length > 0 ? string.Join("; ", lines)
                : VipsWarnings.LastOnThisThread is { } warning ? $"{fallback}: {warning}"
                : fallback;
        }
    }

    /// <summary>A <see cref="VipsException"/> carrying (and clearing) the current error text.</summary>
    public static VipsException Failure(string fallback) => new(Take(fallback));

    private static void SetAsideLocked(bool othersRunning)
    {
        var left = TakeRaw();
        if (!othersRunning)
        {
            _setAside = "";
        }
        else if (left.Length > 0)
        {
            _setAside = (_setAside + "\n" + left)[^Math.Min(SetAsideLimit, _setAside.Length + 1 + left.Length)..];
        }
    }

    private static string TakeRaw()
    {
        var copy = LibVips.vips_error_buffer_copy();
        try
        {
            return Marshal.PtrToStringUTF8(copy) ?? "";
        }
        finally
        {
            LibGObject.g_free((void*)copy);
        }
    }

    private static string[] Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct()];

    /// <summary>Ends a unit of work started with <see cref="BeginWork"/>.</summary>
    public readonly struct WorkScope : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                _inFlight--;
            }
        }
    }
}
