using System.Runtime.InteropServices;
using PiVault.Native.Vips.Interop;

namespace PiVault.Native.Vips;

/// <summary>
/// Loads only the libvips format modules PiVault uses, with local symbol binding.
/// </summary>
/// <remarks>
/// vips_init loads every module in libvips' module directory with g_module_open's default RTLD_GLOBAL.
/// Debian's vips-openslide.so pulls in the system libsqlite3, whose exported sqlite3_* symbols then win over
/// those of the SQLite bundled with Microsoft.Data.Sqlite (libe_sqlite3, built without -Bsymbolic): its
/// internal calls land in the other library and the process crashes in sqlite3_open_v2 (reproduced: init
/// libvips, then open a database → SIGSEGV). So before vips_init, VIPSHOME points libvips at a directory
/// without modules, and afterwards the wanted modules are opened from the real directory with
/// G_MODULE_BIND_LOCAL. Whole-slide (OpenSlide) and PDF (poppler) support are never loaded.
/// </remarks>
internal static class VipsModules
{
    /// <summary>HEIF/HEIC/AVIF (libheif), JPEG XL (libjxl), ImageMagick (BMP only, see VipsThumbnailer).</summary>
    private static readonly string[] Wanted = ["vips-heif.so", "vips-jxl.so", "vips-magick.so"];

    /// <summary>
    /// Keeps vips_init from loading modules by pointing VIPSHOME (libvips' install prefix; modules live in
    /// $VIPSHOME/lib/vips-modules-X.Y) at the application directory. A VIPSHOME set by the operator wins.
    /// </summary>
    public static void PreventAutomaticLoading()
    {
        if (LibGModule.g_getenv("VIPSHOME") == 0)
        {
            LibGModule.g_setenv("VIPSHOME", AppContext.BaseDirectory, overwrite: 1);
        }
    }

    /// <summary>
    /// Opens the wanted modules beside the loaded libvips. Returns the modules loaded and the reasons for
    /// those that were not (a libvips built with the formats inside has no module directory at all).
    /// </summary>
    public static (IReadOnlyList<string> Loaded, IReadOnlyList<string> Problems) LoadWanted(Version version)
    {
        var loaded = new List<string>();
        var problems = new List<string>();
        var directory = LoadedLibraryDirectory(LibVips.Name) is { } libraryDirectory
            ? Path.Combine(libraryDirectory, $"vips-modules-{version.Major}.{version.Minor}")
            : null;
        if (directory is null || !Directory.Exists(directory))
        {
            problems.Add($"no libvips module directory ({directory ?? "libvips not found in /proc/self/maps"})");
            return (loaded, problems);
        }
        foreach (var module in Wanted)
        {
            var path = Path.Combine(directory, module);
            if (!File.Exists(path))
            {
                problems.Add($"{module}: not installed");
            }
            else if (LibGModule.g_module_open(path, LibGModule.BindLazy | LibGModule.BindLocal) == 0)
            {
                problems.Add($"{module}: {Marshal.PtrToStringUTF8(LibGModule.g_module_error())}");
            }
            else
            {
                loaded.Add(module);
            }
        }
        return (loaded, problems);
    }

    /// <summary>The directory a loaded shared library was mapped from, read from /proc/self/maps.</summary>
    internal static string? LoadedLibraryDirectory(string soname)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && Path.GetFileName(line.AsSpan(slash)).StartsWith(soname, StringComparison.Ordinal))
            {
                return Path.GetDirectoryName(line[slash..]);
            }
        }
        return null;
    }
}
