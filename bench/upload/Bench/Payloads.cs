using System.Buffers.Binary;

namespace PiVault.Bench.Upload;

/// <summary>
/// Distinct random files on disk, one set per scenario, so PiVault's per-user SHA-1 dedupe never short-cuts an upload.
/// Each file starts with a JPEG signature (the server refuses things that are certainly not media), then a unique
/// (run, scenario, index) stamp, then random bytes. Files are fsynced, so their write-back never overlaps a measurement;
/// they stay in the page cache, so reading them back costs the measured phases almost nothing.
/// </summary>
internal static class Payloads
{
    private const int ChunkBytes = 1024 * 1024;

    public static List<string> Generate(string directory, string prefix, int scenarioIndex, Scenario scenario, long runStamp)
    {
        Directory.CreateDirectory(directory);
        var paths = Enumerable.Range(0, scenario.Files)
            .Select(i => Path.Combine(directory, $"{prefix}-{i:D5}.jpg"))
            .ToList();
        Parallel.For(0, paths.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            Write(paths[i], scenario.FileBytes, runStamp, scenarioIndex, i));
        return paths;
    }

    private static void Write(string path, int size, long runStamp, int scenarioIndex, int index)
    {
        var chunk = new byte[ChunkBytes];
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            BufferSize = 0,
            PreallocationSize = size,
        });
        var written = 0;
        while (written < size)
        {
            var length = Math.Min(ChunkBytes, size - written);
            Random.Shared.NextBytes(chunk.AsSpan(0, length));
            if (written == 0)
            {
                ReadOnlySpan<byte> jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
                jpeg.CopyTo(chunk);
                BinaryPrimitives.WriteInt64LittleEndian(chunk.AsSpan(jpeg.Length), runStamp);
                BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(jpeg.Length + 8), scenarioIndex);
                BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(jpeg.Length + 12), index);
            }
            stream.Write(chunk, 0, length);
            written += length;
        }
        stream.Flush(flushToDisk: true);
    }
}
