using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PiVault.Bench.Upload;

/// <summary>
/// The "disk + hash ceiling": the bench itself copies the same files into a directory on the same disk as the server's
/// data, computing SHA-1 in-stream and fsyncing each file, with the same concurrency as the upload scenario. That is the
/// work PiVault's upload path cannot avoid (one write, one hash, one fsync), without HTTP, multipart or SQLite.
/// </summary>
[SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Same content checksum the server computes; not a security control.")]
internal static class DiskCeiling
{
    /// <summary>The server's own receive buffer size (UploadReceiver.BufferBytes).</summary>
    private const int BufferBytes = 256 * 1024;

    /// <returns>Wall time, and each file's SHA-1 in base64 (the form the server reports checksums in).</returns>
    public static (TimeSpan Elapsed, string[] Sha1) Run(IReadOnlyList<string> sources, string targetDir, int workers)
    {
        Directory.CreateDirectory(targetDir);
        var hashes = new string[sources.Count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, workers).Select(_ => Task.Factory.StartNew(() =>
        {
            var buffer = new byte[BufferBytes];
            using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
            int i;
            while ((i = Interlocked.Increment(ref next)) < sources.Count)
            {
                hashes[i] = Convert.ToBase64String(Copy(sources[i], Path.Combine(targetDir, Path.GetFileName(sources[i])), buffer, sha1));
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(threads);
        var elapsed = clock.Elapsed;
        Directory.Delete(targetDir, recursive: true);
        return (elapsed, hashes);
    }

    private static byte[] Copy(string source, string target, byte[] buffer, IncrementalHash sha1)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        using var output = new FileStream(target, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            sha1.AppendData(buffer, 0, read);
            output.Write(buffer, 0, read);
        }
        output.Flush(flushToDisk: true);
        return sha1.GetHashAndReset();
    }
}
