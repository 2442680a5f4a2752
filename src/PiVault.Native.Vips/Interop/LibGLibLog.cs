using System.Runtime.InteropServices;

namespace PiVault.Native.Vips.Interop;

/// <summary>GLib's message log, where libvips reports warnings (damaged files it decodes anyway).</summary>
internal static unsafe partial class LibGLibLog
{
    /// <summary>G_LOG_LEVEL_WARNING.</summary>
    public const int LevelWarning = 1 << 4;

    /// <summary>
    /// Installs <paramref name="handler"/> for <paramref name="domain"/> at <paramref name="levels"/>; returns the
    /// handler id. The function pointer must stay valid for the process lifetime (a static method).
    /// </summary>
    [LibraryImport(LibGObject.GLibName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint g_log_set_handler(string domain, int levels, delegate* unmanaged<byte*, int, byte*, void*, void> handler, void* userData);

    /// <summary>GLib's own handler: prints to stderr as if no handler were installed.</summary>
    [LibraryImport(LibGObject.GLibName)]
    internal static partial void g_log_default_handler(byte* domain, int level, byte* message, void* userData);
}
