using System.Globalization;
using System.Runtime.InteropServices;

namespace PiVault.Native.Vips;

/// <summary>
/// Chooses which libvips plug-in modules load. Debian's libvips loads every module in its module folder at
/// <c>vips_init</c>, with global symbol binding; the openslide module drags in the system libsqlite3, whose symbols
/// then capture calls inside the SQLite that Microsoft.Data.Sqlite ships (a crash at the first query). The
/// poppler module decodes PDFs, which are no photos. So PiVault points libvips at a folder of its own that links
/// only the wanted modules (HEIF/AVIF, JPEG XL, and ImageMagick for BMP and other stragglers), through
/// <c>VIPSHOME</c>, which libvips reads to find its library folder.
/// </summary>
internal static partial class VipsModules
{
    private static readonly string[] Wanted = ["vips-heif.so", "vips-jxl.so", "vips-magick.so"];

    /// <summary>Builds <c>&lt;home&gt;/lib/vips-modules-M.N/</c> with links to the wanted system modules and sets VIPSHOME; call before vips_init.</summary>
    public static void Restrict(int major, int minor)
    {
        var folderName = string.Create(CultureInfo.InvariantCulture, $"vips-modules-{major}.{minor}");
        var systemFolder = SystemModuleFolder(folderName);
        // One shared folder of links per libvips version; every PiVault process may (re)create it.
        var home = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"pivault-vips-{major}.{minor}"));
        // libvips derives its library folder from VIPSHOME plus the last part of the one it was built with:
        // Debian's multiarch "x86_64-linux-gnu" (seen with strace), plain "lib" elsewhere. Cover both.
        var multiarch = systemFolder is null ? "lib" : Path.GetFileName(Path.GetDirectoryName(systemFolder)!);
        foreach (var ownFolder in new[] { Path.Combine(home, "lib", folderName), Path.Combine(home, multiarch, folderName), Path.Combine(home, "lib", multiarch, folderName) }.Distinct())
        {
            Directory.CreateDirectory(ownFolder);
            foreach (var module in Wanted)
            {
                var source = systemFolder is null ? null : Path.Combine(systemFolder, module);
                var link = Path.Combine(ownFolder, module);
                if (source is not null && File.Exists(source) && !File.Exists(link))
                {
                    try
                    {
                        File.CreateSymbolicLink(link, source);
                    }
                    catch (IOException) when (File.Exists(link))
                    {
                        // Another process made it first.
                    }
                }
            }
        }
        // .NET's Environment keeps its own copy of the environment; libvips reads the C one.
        if (SetEnv("VIPSHOME", home, 1) != 0)
        {
            throw new InvalidOperationException($"setenv(VIPSHOME) failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    private static string? SystemModuleFolder(string folderName)
    {
        string[] libraryFolders = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib/arm-linux-gnueabihf", "/usr/lib64", "/usr/lib", "/usr/local/lib"];
        return libraryFolders.Select(dir => Path.Combine(dir, folderName)).FirstOrDefault(Directory.Exists);
    }

    /// <returns>0, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
