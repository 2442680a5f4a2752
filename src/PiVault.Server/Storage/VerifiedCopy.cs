namespace PiVault.Server.Storage;

/// <summary>
/// The copy of a file onto another drive that every move between drives makes (an original to the cold tier, the
/// library onto the hot drive): copy to a temp file on the target drive → fsync → rename into place (replacing a
/// leftover of the same move) → fsync both folders → read it back and compare its SHA-1. Until the caller switches to
/// the copy, the source stays the one that counts, so a crash between any two of these leaves nothing to lose.
/// </summary>
public static class VerifiedCopy
{
    private const int Buffer = 256 * 1024;

    /// <summary>Copies <paramref name="source"/> to <paramref name="temp"/> (a new file on the target drive) and fsyncs it.</summary>
    public static void ToTemp(string source, string temp)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, Buffer, FileOptions.SequentialScan);
        using var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        input.CopyTo(output, Buffer);
        output.Flush(flushToDisk: true);
    }

    /// <summary>Renames the fsynced temp file to <paramref name="target"/> (making its folders durably) and fsyncs both folders.</summary>
    public static void Place(string temp, string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        DirectorySync.CreateDirectoryDurably(folder);
        File.Move(temp, target, overwrite: true);
        DirectorySync.Flush(folder);
        DirectorySync.Flush(Path.GetDirectoryName(temp)!);
    }

    /// <summary>Reads <paramref name="path"/> back: whether it is there and hashes to <paramref name="checksum"/>.</summary>
    public static bool Matches(string path, ReadOnlySpan<byte> checksum) =>
        File.Exists(path) && ContentChecksum.OfFile(path).AsSpan().SequenceEqual(checksum);
}
