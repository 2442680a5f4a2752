using System.Runtime.InteropServices;

namespace PiVault.Server.Storage;

/// <summary>
/// fsync of a directory, so that a rename or a newly created entry survives power loss.
/// .NET cannot open a directory as a stream, so this goes to libc directly.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux (x86-64 and arm64 alike)
    private const int CloseOnExec = 0x80000;

    /// <summary>Flushes the directory entry table of <paramref name="path"/>; a no-op off Linux.</summary>
    public static void Flush(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var descriptor = Open(path, ReadOnly | Directory | CloseOnExec);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open directory '{path}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <returns>A file descriptor, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    /// <returns>0, or -1 with errno set.</returns>
    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int descriptor);
}
