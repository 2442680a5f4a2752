using System.Runtime.InteropServices;
using PiVault.Native.Vips.Interop;

namespace PiVault.Native.Vips;

/// <summary>A libvips call failed; <see cref="Exception.Message"/> is libvips' own error text.</summary>
internal sealed class VipsException(string message) : Exception(message);

/// <summary>Reads libvips' process-wide error buffer.</summary>
internal static unsafe class VipsErrorBuffer
{
    /// <summary>
    /// Copies and clears the buffer in one step (vips_error_buffer_copy holds libvips' error lock), so a
    /// failure on one thread never leaves text for the next caller. The buffer is shared by all threads: two
    /// failures at the same moment can still swap or merge messages. When the buffer is empty (some loaders
    /// only log a warning), the calling thread's last libvips warning, then <paramref name="fallback"/>, is used.
    /// </summary>
    public static string Take(string fallback)
    {
        var copy = LibVips.vips_error_buffer_copy();
        string text;
        try
        {
            text = Marshal.PtrToStringUTF8(copy) ?? "";
        }
        finally
        {
            LibGObject.g_free((void*)copy);
        }
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        return lines.Length > 0 ? string.Join("; ", lines)
            : VipsWarnings.LastOnThisThread is { } warning ? $"{fallback}: {warning}"
            : fallback;
    }

    /// <summary>
    /// Forgets text left by calls that logged an error and then recovered, so it cannot be blamed on the next
    /// failure. Racy by nature (the buffer is process-wide): call it at the start of a unit of work.
    /// </summary>
    public static void Clear()
    {
        LibVips.vips_error_clear();
        VipsWarnings.Reset();
    }

    /// <summary>Throws a <see cref="VipsException"/> carrying (and clearing) the current error text.</summary>
    public static VipsException Failure(string fallback) => new(Take(fallback));
}
