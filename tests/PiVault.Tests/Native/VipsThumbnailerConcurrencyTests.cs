using PiVault.Native.Vips;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Native.ThumbnailAssertions;

namespace PiVault.Tests.Native;

/// <summary>Runs alone: the leak check reads process-wide libvips counters that other tests would move.</summary>
[CollectionDefinition(nameof(VipsThumbnailerConcurrencyTests), DisableParallelization = true)]
public sealed class VipsThumbnailerConcurrencyCollection;

[Collection(nameof(VipsThumbnailerConcurrencyTests))]
public sealed class VipsThumbnailerConcurrencyTests
{
    private static readonly string[] Photos =
    [
        "mei/jpg/Canon_EOS_450D.jpg",
        "exif-orientation-examples/Portrait_5.jpg",
        "skimage/chelsea.png",
        "mei/webp/Alpha_Lossless_2.webp",
        "immich-test-assets/formats/heic/IMG_2682.heic",
        "derived-corrupt/jpeg-truncated-50pct.jpg",
    ];

    [Fact]
    public void Parallel_calls_give_the_same_bytes_as_serial_ones()
    {
        var serial = Photos.Select(Outcome).ToArray();

        var parallel = new string[Photos.Length * 3];
        Parallel.For(0, parallel.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Outcome(Photos[i % Photos.Length]));

        for (var i = 0; i < parallel.Length; i++)
        {
            var expected = serial[i % Photos.Length];
            if (expected.StartsWith("error:", StringComparison.Ordinal))
            {
                // libvips' error buffer is process-wide: a concurrent failure may add a neighbour's line.
                Assert.StartsWith("error:", parallel[i], StringComparison.Ordinal);
                Assert.Contains(expected["error: ".Length..], parallel[i], StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(expected, parallel[i]);
            }
        }
        Assert.Equal("error: VipsJpeg: Premature end of input file", serial[^1]);
    }

    [Fact]
    public void Repeated_work_and_failures_release_files_and_pixel_memory()
    {
        foreach (var photo in Photos)
        {
            Outcome(photo);
        }
        var before = VipsLibrary.Usage();
        var rssBefore = Environment.WorkingSet;

        for (var round = 0; round < 8; round++)
        {
            foreach (var photo in Photos)
            {
                Outcome(photo);
            }
        }

        // One leaked preview alone would be ~9 MB of tracked pixels per round; libvips' per-thread buffer
        // caches account for a few MB of noise.
        var after = VipsLibrary.Usage();
        Assert.Equal(0, after.OpenFiles);
        Assert.True(after.TrackedBytes - before.TrackedBytes < 8L << 20, $"libvips holds {(after.TrackedBytes - before.TrackedBytes) >> 20} MiB more");
        Assert.True(Environment.WorkingSet - rssBefore < 200L << 20, $"working set grew by {(Environment.WorkingSet - rssBefore) >> 20} MiB");
    }

    [Fact]
    public void Libvips_threads_run_at_the_configured_nice_value_once_they_have_made_an_image()
    {
        Assert.True(VipsLibrary.TryInitialize(new VipsSettings(Concurrency: 1, WorkerNice: 10), out var error), error);

        Outcome(Photos[0]);
        Parallel.For(0, 4, i => Outcome(Photos[i % 2]));

        var workers = VipsWorkerPriority.WorkerThreads();
        Assert.NotEmpty(workers);
        Assert.All(workers, tid => Assert.True(VipsWorkerPriority.NiceOf(tid) >= 10, $"libvips thread {tid} runs at nice {VipsWorkerPriority.NiceOf(tid)}"));
        var thisThread = int.Parse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget!), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(VipsWorkerPriority.NiceOf(Environment.ProcessId), VipsWorkerPriority.NiceOf(thisThread)); // the caller's thread is left alone
    }

    /// <summary>A fingerprint of everything Generate returns, or of its error.</summary>
    private static string Outcome(string corpusPath)
    {
        try
        {
            var set = Thumbnailer.Generate(Uploads.CorpusFile(corpusPath), Spec);
            return $"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(set.ThumbnailWebp))} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(set.PreviewJpeg))} {set.ThumbHash} {set.PreviewWidth}x{set.PreviewHeight}";
        }
        catch (MediaDecodeException e)
        {
            return "error: " + e.Message;
        }
    }
}
