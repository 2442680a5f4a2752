using System.Runtime.InteropServices;
using PiVault.Native.Vips.Interop;

namespace PiVault.Native.Vips;

/// <summary>
/// Captures libvips' GLib warnings ("IHDR: CRC error") per thread. Some loaders fail with an empty error
/// buffer and only a warning saying why; <see cref="VipsErrorBuffer"/> uses the calling thread's last warning
/// as the message then. Warnings are still printed as GLib would.
/// </summary>
internal static unsafe class VipsWarnings
{
    [ThreadStatic]
    private static string? _lastOnThisThread;

    /// <summary>The last warning libvips logged on this thread since <see cref="Reset"/>, or null.</summary>
    public static string? LastOnThisThread => _lastOnThisThread;

    public static void Reset() => _lastOnThisThread = null;

    /// <summary>Installs the handler for the VIPS log domain; once, under <see cref="VipsLibrary"/>'s lock.</summary>
    public static void Install() => LibGLibLog.g_log_set_handler("VIPS", LibGLibLog.LevelWarning, &OnWarning, null);

    [UnmanagedCallersOnly]
    private static void OnWarning(byte* domain, int level, byte* message, void* userData)
    {
        _lastOnThisThread = Marshal.PtrToStringUTF8((nint)message);
        LibGLibLog.g_log_default_handler(domain, level, message, userData);
    }
}
