using System.Runtime.InteropServices;

namespace PiVault.Ml.Sessions;

/// <summary>
/// Gives memory freed by disposed sessions back to the system. glibc keeps freed blocks in its arenas for reuse, so
/// without this an unloaded CLIP + OCR set leaves the process at its loaded size (bench/ml measured 681 MiB loaded,
/// 636 MiB after the idle unload, 149 MiB after <c>malloc_trim</c>). A C library without malloc_trim (musl) is fine:
/// nothing happens.
/// </summary>
internal static partial class FreedMemory
{
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
