using System.Globalization;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Native;

/// <summary>
/// The server caps glibc's malloc arenas (<c>ProcessHeap.UseFewArenas</c>): its threads share a few heaps instead of
/// up to 8 per core, each keeping its own freed blocks. The real executable, against the same executable left to
/// glibc's default for this machine (MALLOC_ARENA_MAX, which the cap leaves to the operator).
/// </summary>
public sealed class MallocArenasTests : IDisposable
{
    /// <summary>glibc's HEAP_MAX_SIZE on 64-bit: each arena but the main one is a heap mapped at a multiple of this.</summary>
    private const long HeapAlignment = 64L << 20;

    private readonly string dir = TempDir.Create();

    public void Dispose() => TempDir.Delete(dir);

    [Fact]
    public async Task The_server_keeps_to_a_few_malloc_arenas()
    {
        var glibcDefault = (8 * Environment.ProcessorCount).ToString(CultureInfo.InvariantCulture);
        await using var capped = await ServerProcess.StartAsync(Path.Combine(dir, "capped"));
        await using var uncapped = await ServerProcess.StartAsync(Path.Combine(dir, "uncapped"),
            new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = glibcDefault });

        var cappedHeaps = MallocHeaps(capped.Id);
        var uncappedHeaps = MallocHeaps(uncapped.Id);

        // The runtime's own start-up threads may each have made an arena before Main runs; none are made after it.
        Assert.InRange(cappedHeaps, 0, 8);
        Assert.True(uncappedHeaps > cappedHeaps + 4, $"{cappedHeaps} heaps with the cap, {uncappedHeaps} with glibc's default");
    }

    /// <summary>glibc's non-main arenas in a process: anonymous mappings that start at a heap boundary and fit in one heap.</summary>
    private static int MallocHeaps(int pid) => File.ReadLines($"/proc/{pid}/maps")
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(fields => fields.Length == 5) // no path: anonymous
        .Select(fields => fields[0].Split('-').Select(a => long.Parse(a, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray())
        .Count(range => range[0] % HeapAlignment == 0 && range[1] - range[0] <= HeapAlignment);
}
