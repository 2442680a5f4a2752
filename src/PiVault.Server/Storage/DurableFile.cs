
namespace PiVault.Server.Storage;

/// <summary>
/// Writing a file on the backup so that a power cut leaves either the old file or the whole new one: a temp name in
/// the same folder, fsync, rename over the final name, fsync of the folder (<see cref="DirectorySync"/>). A file at a
/// path no manifest names yet may be written <c>Unsynced</c> (temp name and rename, no fsync) when the run flushes the
/// whole backup file system once (<see cref="DirectorySync.FlushFileSystem"/>) before its manifest names the file: a power
/// cut before that leaves at worst a short or empty file no manifest trusts, which the next run re-hashes and copies again.
/// </summary>
public static class DurableFile
{
    /// <summary>The suffix of a temp file being written (a leftover one is removed by whoever owns the folder).</summary>
    public const string TempSuffix = ".pivault-tmp";

    /// <summary>A temp name beside <paramref name="path"/>, in the same folder so the final rename is atomic.</summary>
    public static string TempFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{TempSuffix}");

    private const int CopyBuffer = 256 * 1024;

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/>, replacing it; folders are made as needed.</summary>
    public static void Copy(string source, string target) => Write(target, CopyOf(source));

    public static void WriteAllBytes(string target, byte[] bytes) => Write(target, stream => stream.Write(bytes));

    /// <summary><see cref="Copy"/> without the fsyncs, for a path no manifest names yet (see the class summary).</summary>
    public static void CopyUnsynced(string source, string target) => Write(target, CopyOf(source), sync: false);

    /// <summary><see cref="WriteAllBytes"/> without the fsyncs, for a path no manifest names yet.</summary>
    public static void WriteAllBytesUnsynced(string target, byte[] bytes) => Write(target, stream => stream.Write(bytes), sync: false);

    /// <summary>Moves an already written and flushed file into place over <paramref name="target"/>, then flushes the folder.</summary>
    public static void Replace(string flushedTemp, string target)
    {
        File.Move(flushedTemp, target, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(target)!);
    }

    /// <summary>Flushes a file that another writer (SQLite) finished and closed.</summary>
    public static void Flush(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        stream.Flush(flushToDisk: true);
    }

    private static Action<FileStream> CopyOf(string source) => stream =>
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer, FileOptions.SequentialScan);
        input.CopyTo(stream, CopyBuffer);
    };

    private static void Write(string target, Action<FileStream> fill, bool sync = true)
    {
        var directory = Path.GetDirectoryName(target)!;
        if (sync)
        {
            DirectorySync.CreateDirectoryDurably(directory);
        }
        else
        {
            Directory.CreateDirectory(directory);
        }
        var temp = TempFor(target);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                fill(stream);
                stream.Flush(flushToDisk: sync);
            }
            if (sync)
            {
                Replace(temp, target);
            }
            else
            {
                File.Move(temp, target, overwrite: true);
            }
        }
        finally
        {
            File.Delete(temp); // gone already after the rename; a failed copy leaves nothing behind
        }
    }
}
