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

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
