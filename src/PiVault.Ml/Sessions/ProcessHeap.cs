using System.Runtime.InteropServices;

namespace PiVault.Ml.Sessions;

/// <summary>
/// Gives freed C-heap memory back to the system. glibc keeps freed blocks in its arenas for reuse, so without this an
/// unloaded CLIP + OCR set leaves the process at its loaded size (bench/ml measured 681 MiB loaded, 636 MiB after the
/// idle unload, 149 MiB after <c>malloc_trim</c>), and a burst of photos leaves libvips' freed buffers behind. Called by
/// <see cref="Models.ModelLibrary"/> after an idle unload and by the job runner when its queues go quiet. A C library
/// without malloc_trim (musl): nothing happens.
/// </summary>
public static partial class ProcessHeap
{
    /// <summary>Gives free heap memory back to the system (malloc_trim: the free top and whole free pages inside).</summary>
    public static void ReturnToSystem()
    {
        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    /// <summary>glibc's malloc arenas for the whole process (threads share them).</summary>
    public const int Arenas = 2;

    private const int ArenaMaxParameter = -8; // M_ARENA_MAX

    /// <summary>
    /// Caps glibc's malloc arenas at <see cref="Arenas"/> unless MALLOC_ARENA_MAX is set, which the systemd unit does
    /// (docs/adr/0013-memory-workstation-gc-malloc-arenas.md). glibc reads the variable only at start, so without it
    /// (benchmarks, <c>./dev.sh run</c>, tests) threads got up to 8 arenas per core. Each arena keeps its own freed blocks
    /// of libvips' buffers and of the model weights and session arenas. The server's full ML pass peaked at 980–1057 MiB
    /// that way, and at 889–958 MiB with the cap, at the same speed (bench/results/ml.md, "2026-12-08"). The cap applies
    /// to arenas made after the call, so it is the first thing in Main. A C library without mallopt (musl): nothing happens.
    /// </summary>
    public static void UseFewArenas()
    {
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 })
        {
            return;
        }
        try
        {
            _ = MallOpt(ArenaMaxParameter, Arenas);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
