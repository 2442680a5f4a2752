using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PiVault.Ml.Models;

/// <summary>
/// Checks installed files against the manifest's size and SHA-256. A hash is remembered per file and (size, modification
/// time), so asking again is free until the file changes.
/// </summary>
public sealed class FileIntegrity
{
    private readonly ConcurrentDictionary<string, (FileStamp Stamp, string Hash)> hashes = new(StringComparer.Ordinal);

    /// <summary>Null when <paramref name="path"/> matches <paramref name="file"/>'s pinned size and checksum; else why not.</summary>
    public string? Problem(string path, ModelFile file)
    {
        var stamp = FileStamp.Of(path);
        if (stamp is null)
        {
            return $"{file.Path} is missing";
        }
        if (file.Bytes is { } bytes && stamp.Value.Length != bytes)
        {
            return $"{file.Path} has {stamp.Value.Length} bytes, the manifest expects {bytes} (a partial or different file)";
        }
        if (file.Sha256 is null)
        {
            return null;
        }
        var hash = Hash(path, stamp.Value);
        return string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{file.Path} has SHA-256 {hash}, the manifest expects {file.Sha256} (a changed or damaged file)";
    }

    public string Hash(string path, FileStamp stamp)
    {
        if (hashes.TryGetValue(path, out var known) && known.Stamp == stamp)
        {
            return known.Hash;
        }
        var hash = Sha256Of(path);
        hashes[path] = (stamp, hash);
        return hash;
    }

    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>What identifies one version of a file cheaply: its size and modification time.</summary>
public readonly record struct FileStamp(long Length, long WriteTicks)
{
    public static FileStamp? Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks) : null;
    }
}
