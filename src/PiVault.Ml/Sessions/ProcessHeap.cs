using System.Runtime.InteropServices;

namespace PiVault.Ml.Sessions;

/// <summary>
/// How the C heap keeps and gives back memory. ONNX Runtime (run without its arena, to bound memory) and libvips
/// allocate and free tens of megabytes per inference and per photo. glibc's defaults give blocks over its mmap threshold
/// (128 KiB, rising to at most 32 MiB) their own mapping and hand the heap's free top back beyond its trim threshold, so
/// each run page-faulted its buffers in again: measured (bench/results/ml.md, "The heap policy") as a third of the
/// OCR step's CPU time and three quarters of YuNet's at 640 × 640, mostly in the kernel. ONNX Runtime's largest
/// buffers exceed 32 MiB, so the mmap threshold goes to 256 MiB where the C library allows it (glibc 2.36, Debian 12 and
/// Raspberry Pi OS, does), else to glibc's documented 32 MiB ceiling. <see cref="KeepFreedBlocks"/> sets both thresholds
/// high so freed blocks are reused; <see cref="ReturnToSystem"/> hands them back once the work is done
/// (the job runner when its queues go quiet, <see cref="Models.ModelLibrary"/> after an idle unload), so an idle
/// appliance still holds no model memory. A C library without mallopt or malloc_trim (musl): nothing happens.
/// </summary>
public static partial class ProcessHeap
{
    private const int TrimThreshold = -1, MmapThreshold = -3; // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD (malloc.h)

    /// <summary>Blocks up to this size come from the heap, not a mapping of their own; the fallback is glibc's documented ceiling.</summary>
    public const int MmapThresholdBytes = 256 << 20, FallbackMmapThresholdBytes = 32 << 20;

    /// <summary>The heap's free top is handed back only past this; <see cref="ReturnToSystem"/> hands all of it back.</summary>
    public const int TrimThresholdBytes = 256 << 20;

    /// <summary>Call once at start-up, before the work begins. True when the C library took both settings.</summary>
    public static bool KeepFreedBlocks()
    {
        try
        {
            var mmap = Mallopt(MmapThreshold, MmapThresholdBytes) == 1 || Mallopt(MmapThreshold, FallbackMmapThresholdBytes) == 1;
            return mmap && Mallopt(TrimThreshold, TrimThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

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

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
