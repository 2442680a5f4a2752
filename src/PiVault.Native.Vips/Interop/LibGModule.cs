using System.Runtime.InteropServices;

namespace PiVault.Native.Vips.Interop;

/// <summary>GLib's module loader and environment calls, used to load libvips' format modules ourselves.</summary>
internal static partial class LibGModule
{
    internal const string Name = "libgmodule-2.0.so.0";

    /// <summary>G_MODULE_BIND_LAZY: resolve symbols on first use.</summary>
    public const int BindLazy = 1 << 0;

    /// <summary>G_MODULE_BIND_LOCAL: RTLD_LOCAL, keep the module's symbols (and its libraries') out of the global scope.</summary>
    public const int BindLocal = 1 << 1;

    /// <summary>Opens a module; the handle is never closed (libvips modules make themselves resident). 0 on failure.</summary>
    [LibraryImport(Name, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint g_module_open(string fileName, int flags);

    /// <summary>The last module error of this thread (owned by GLib, not freed).</summary>
    [LibraryImport(Name)]
    internal static partial nint g_module_error();

    /// <summary>Reads the C environment (what libvips reads); the result is owned by GLib.</summary>
    [LibraryImport(LibGObject.GLibName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint g_getenv(string variable);

    /// <summary>
    /// Sets a variable in the C environment; .NET's Environment.SetEnvironmentVariable does not reach it on
    /// Unix. Not thread-safe against concurrent getenv: call before other threads use the environment.
    /// </summary>
    [LibraryImport(LibGObject.GLibName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int g_setenv(string variable, string value, int overwrite);
}
