using System.Reflection;
using System.Runtime.InteropServices;

namespace PiVault.Server.Hosting;

/// <summary>
/// Where the native libraries PiVault ships are loaded from: the folder of the binary, then <c>/usr/lib/pivault</c>
/// (the OS image's layout), and nowhere else. A native AOT binary has no deps.json, so without this the loader would
/// fall back to the host's search path and could pick up an unrelated <c>libe_sqlite3.so</c> (or an x86-64 one
/// beside an arm64 binary). System libraries that come from Debian packages (libvips42, ffmpeg) are not shipped and
/// keep their normal sonames.
/// </summary>
public static class NativeLibraries
{
    /// <summary>The image's folder for PiVault's own native libraries.</summary>
    public const string ImageLibraryFolder = "/usr/lib/pivault";

    /// <summary>Shipped libraries by the name their <c>DllImport</c>s use.</summary>
    private static readonly string[] Shipped = ["e_sqlite3"];

    /// <summary>Folders searched, in order.</summary>
    public static IReadOnlyList<string> SearchFolders { get; } = [AppContext.BaseDirectory, ImageLibraryFolder];

    /// <summary>Full paths of the shipped libraries loaded so far (for <c>pivault --version</c>).</summary>
    public static IReadOnlyDictionary<string, string> Loaded => LoadedPaths;

    private static readonly Dictionary<string, string> LoadedPaths = new(StringComparer.Ordinal);

    /// <summary>
    /// Installs the resolver on the assemblies that import shipped libraries. Call first thing in <c>Main</c>, before
    /// anything opens SQLite. In a JIT build (tests, <c>dotnet pivault.dll</c>) a library missing from both folders
    /// falls back to the runtime's own probing (deps.json); in the native binary it is an error that names the folders.
    /// </summary>
    public static void Install()
    {
        NativeLibrary.SetDllImportResolver(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly, Resolve);
    }

    /// <summary>
    /// True when the .NET host started this process from a deps.json (a JIT build run with <c>dotnet</c>, or the test
    /// host); false in the native AOT binary, which has none. (RuntimeFeature.IsDynamicCodeSupported cannot tell:
    /// PublishAot turns it off in the JIT build's runtimeconfig too.)
    /// </summary>
    public static bool RunsFromDepsFile => AppContext.GetData("APP_CONTEXT_DEPS_FILES") is string { Length: > 0 };

    /// <summary>The first existing <c>lib{name}.so</c> in <see cref="SearchFolders"/>, or null.</summary>
    public static string? Find(string name)
    {
        foreach (var folder in SearchFolders)
        {
            var path = Path.Combine(folder, $"lib{name}.so");
            if (File.Exists(path))
            {
                return path;
            }
        }
        return null;
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (Array.IndexOf(Shipped, name) < 0)
        {
            return 0;
        }
        var path = Find(name);
        if (path is null)
        {
            if (RunsFromDepsFile)
            {
                return 0; // `dotnet pivault.dll`: the runtime finds it through deps.json (runtimes/<rid>/native).
            }
            throw new DllNotFoundException(
                $"lib{name}.so was not found beside the binary or in {ImageLibraryFolder}; reinstall PiVault's release folder.");
        }
        var handle = NativeLibrary.Load(path);
        lock (LoadedPaths)
        {
            LoadedPaths[name] = path;
        }
        return handle;
    }
}
