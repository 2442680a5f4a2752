using System.Runtime.InteropServices;
using PiVault.Native.Vips.Interop;

namespace PiVault.Native.Vips;

/// <summary>How libvips runs inside PiVault.</summary>
/// <param name="Concurrency">
/// Worker threads libvips uses inside one pipeline. 1 suits a server that runs one image per worker
/// thread (JPEG shrink-on-load decoding is single-threaded anyway); 0 means libvips' default.
/// </param>
/// <param name="CacheMaxOperations">Operation cache size; 0 turns the cache off so memory stays flat.</param>
/// <param name="CacheMaxMemoryBytes">Memory the operation cache may hold.</param>
/// <param name="CacheMaxFiles">Files the operation cache may keep open.</param>
/// <param name="WorkerNice">
/// Scheduling priority (nice, 0–19) of libvips' worker threads (<see cref="VipsWorkerPriority"/>); 0 leaves them alone.
/// </param>
public sealed record VipsSettings(int Concurrency = 1, int CacheMaxOperations = 0, long CacheMaxMemoryBytes = 0, int CacheMaxFiles = 0, int WorkerNice = 0);

/// <summary>
/// The start-up probe for libvips: loads the shared libraries, starts libvips and applies
/// <see cref="VipsSettings"/>. Call <see cref="TryInitialize(out string?)"/> at start-up and register a degraded
/// thumbnailer when it fails. The first image or operation made before that starts libvips with the default settings
/// (<see cref="EnsureStarted"/>): calling into a libvips that was never started crashes the process.
/// </summary>
public static class VipsLibrary
{
    /// <summary>The soname the imports bind to (Debian/Raspberry Pi OS package libvips42).</summary>
    public const string LibraryName = LibVips.Name;

    /// <summary>Oldest libvips with everything used here (fail_on on loaders and thumbnail: 8.12).</summary>
    public static readonly Version MinimumVersion = new(8, 12);

    private static readonly Lock Gate = new();
    private static Version? _version;

    /// <summary>True once <see cref="TryInitialize(out string?)"/> has succeeded.</summary>
    public static bool IsAvailable => Volatile.Read(ref _version) is not null;

    /// <summary>The running libvips version, or null before a successful initialisation.</summary>
    public static Version? LoadedVersion => Volatile.Read(ref _version);

    /// <summary>The format modules loaded at start-up (vips-heif.so, …), for diagnostics.</summary>
    public static IReadOnlyList<string> LoadedModules { get; private set; } = [];

    /// <summary>Why wanted modules were not loaded (formats such as HEIC are then unavailable).</summary>
    public static IReadOnlyList<string> ModuleProblems { get; private set; } = [];

    /// <summary>Starts libvips with the default <see cref="VipsSettings"/>; see the other overload.</summary>
    public static bool TryInitialize(out string? error) => TryInitialize(new VipsSettings(), out error);

    /// <summary>
    /// Loads libvips and starts it once per process, then applies <paramref name="settings"/> (again on every
    /// call, so a later call can change concurrency or the cache). Thread-safe. Returns false with a readable
    /// <paramref name="error"/> ("libvips 8.x not found …: apt-get install libvips42") instead of throwing.
    /// </summary>
    public static bool TryInitialize(VipsSettings settings, out string? error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return TryStart(settings, out error);
    }

    /// <summary>
    /// Checks that <paramref name="libraryName"/> and GLib/GObject can be loaded and export libvips'
    /// entry points, without starting anything. Used by <see cref="TryInitialize(VipsSettings, out string?)"/>;
    /// callable on its own to diagnose a deployment.
    /// </summary>
    public static bool Probe(string libraryName, out string? error)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryName);
        foreach (var (name, symbol) in new[] { (libraryName, "vips_init"), (LibGObject.Name, "g_object_unref"), (LibGObject.GLibName, "g_free"), (LibGModule.Name, "g_module_open") })
        {
            nint handle;
            try
            {
                handle = NativeLibrary.Load(name);
            }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                error = $"libvips 8.x not found ({name}: {FirstLine(e.Message)}): apt-get install libvips42";
                return false;
            }
            if (!NativeLibrary.TryGetExport(handle, symbol, out _))
            {
                error = $"{name} does not export {symbol}: it is not libvips 8.x; apt-get install libvips42";
                return false;
            }
        }
        error = null;
        return true;
    }

    /// <summary>
    /// Where the dynamic loader would find <paramref name="libraryName"/>, looked up without loading it (loading libvips
    /// maps ~100 libraries, ~10 MiB of RSS, which an idle server should not pay for): <c>LD_LIBRARY_PATH</c>, then
    /// Debian's multiarch and plain library folders. Null when it is in none of them. A file that is found can still
    /// fail to load; <see cref="TryInitialize(VipsSettings, out string?)"/> says so when the first image is made.
    /// </summary>
    public static string? Locate(string libraryName)
    {
        ArgumentException.ThrowIfNullOrEmpty(libraryName);
        var triplet = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => "aarch64-linux-gnu",
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm => "arm-linux-gnueabihf",
            _ => null,
        };
        var folders = (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (triplet is not null)
        {
            folders.AddRange([$"/usr/lib/{triplet}", $"/lib/{triplet}", $"/usr/local/lib/{triplet}"]);
        }
        folders.AddRange(["/usr/local/lib", "/usr/lib", "/lib"]);
        return folders.Select(folder => Path.Combine(folder, libraryName)).FirstOrDefault(File.Exists);
    }

    /// <summary>Changes the number of threads libvips uses per pipeline (0 = libvips' default).</summary>
    public static void SetConcurrency(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        EnsureAvailable();
        LibVips.vips_concurrency_set(threads);
    }

    /// <summary>Pixel memory libvips holds right now, and the files it has open (leak checks, health).</summary>
    public static (long TrackedBytes, int OpenFiles) Usage()
    {
        EnsureAvailable();
        return ((long)LibVips.vips_tracked_get_mem(), LibVips.vips_tracked_get_files());
    }

    /// <summary>
    /// Starts libvips with the default settings unless something started it already (settings applied by an earlier or
    /// later <see cref="TryInitialize(VipsSettings, out string?)"/> stay). Every image and operation begins here: a
    /// server's ML steps may decode a preview before its first thumbnail job started libvips — after a restart with
    /// only ML work left — and an unstarted libvips finds no loader type and crashes the process instead of failing.
    /// </summary>
    /// <exception cref="VipsException">libvips cannot be loaded or started; the message says why.</exception>
    internal static void EnsureStarted()
    {
        if (!IsAvailable && !TryStart(settings: null, out var error))
        {
            throw new VipsException(error ?? "libvips could not be started");
        }
    }

    /// <summary>
    /// Starts libvips once per process, under the lock. <paramref name="settings"/> are applied on every call; without
    /// them, the defaults only when this call started libvips (an earlier caller's settings stay).
    /// </summary>
    private static bool TryStart(VipsSettings? settings, out string? error)
    {
        lock (Gate)
        {
            var starting = _version is null;
            if (starting && !Start(out error))
            {
                return false;
            }
            if (settings is not null || starting)
            {
                Apply(settings ?? new VipsSettings());
            }
            error = null;
            return true;
        }
    }

    internal static void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException("libvips is not initialised: call VipsLibrary.TryInitialize at start-up.");
        }
    }

    private static bool Start(out string? error)
    {
        if (!Probe(LibraryName, out error))
        {
            return false;
        }
        var version = new Version(LibVips.vips_version(0), LibVips.vips_version(1), LibVips.vips_version(2));
        if (version < MinimumVersion || version.Major != 8)
        {
            error = $"libvips {version} is too old: PiVault needs libvips 8.x, at least {MinimumVersion}; apt-get install libvips42";
            return false;
        }
        VipsModules.PreventAutomaticLoading();
        if (LibVips.vips_init("pivault") != 0)
        {
            error = "libvips failed to start: " + VipsErrorBuffer.Take("vips_init returned an error");
            return false;
        }
        (LoadedModules, ModuleProblems) = VipsModules.LoadWanted(version);
        VipsWarnings.Install();
        Volatile.Write(ref _version, version);
        return true;
    }

    private static void Apply(VipsSettings settings)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(settings.Concurrency);
        LibVips.vips_cache_set_max(Math.Max(0, settings.CacheMaxOperations));
        LibVips.vips_cache_set_max_mem((nuint)Math.Max(0, settings.CacheMaxMemoryBytes));
        LibVips.vips_cache_set_max_files(Math.Max(0, settings.CacheMaxFiles));
        LibVips.vips_concurrency_set(settings.Concurrency);
        VipsWorkerPriority.Set(settings.WorkerNice);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
