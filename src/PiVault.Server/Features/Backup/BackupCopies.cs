using System.Diagnostics.CodeAnalysis;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>What a run has to do with one file it puts on the backup (once <see cref="BackupCopies.IsUnchanged"/> said no).</summary>
public enum BackupWrite
{
    /// <summary>A cut-off run already left these very bytes there (read back, so a file a power cut emptied is never trusted).</summary>
    AlreadyThere,

    /// <summary>The write replaces a file a manifest may name: durable (fsync, rename, folder fsync) before it is in place.</summary>
    Replace,

    /// <summary>A path no manifest names: written without per-file fsyncs, made durable by the run's one flush before the manifest names it.</summary>
    New,
}

/// <summary>
/// The one rule for which files still need writing to the backup, and how — for originals (<see cref="BackupService"/>)
/// and their XMP sidecars (<see cref="BackupSidecars"/>) alike. The previous manifest is what the backup is known to
/// hold; a file is unchanged when the manifest has its path with the same SHA-1 and the file is there at that size.
/// </summary>
public static class BackupCopies
{
    /// <summary>The cheap check every run makes of every file: no read of its bytes.</summary>
    public static bool IsUnchanged(
        BackupLayout layout, IReadOnlyDictionary<string, BackupManifestEntry> previous, string path, ReadOnlySpan<byte> checksum,
        [NotNullWhen(true)] out BackupManifestEntry? entry)
    {
        if (previous.TryGetValue(path, out var line) && line.Checksum.AsSpan().SequenceEqual(checksum)
            && new FileInfo(layout.LibraryFile(path)) is { Exists: true } file && file.Length == line.Size)
        {
            entry = line;
            return true;
        }
        entry = null;
        return false;
    }

    /// <summary>For a file that is not unchanged: whether its bytes are there already, else how to write it.</summary>
    public static BackupWrite WriteFor(BackupLayout layout, IReadOnlyDictionary<string, BackupManifestEntry> previous, string path, ReadOnlySpan<byte> checksum)
    {
        var target = layout.LibraryFile(path);
        if (!File.Exists(target))
        {
            return previous.ContainsKey(path) ? BackupWrite.Replace : BackupWrite.New;
        }
        return ContentChecksum.OfFile(target).AsSpan().SequenceEqual(checksum) ? BackupWrite.AlreadyThere : BackupWrite.Replace;
    }
}
