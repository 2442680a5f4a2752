using System.Diagnostics;
using PiVault.Ml.Clip;
using PiVault.Ml.Models;
using PiVault.Ml.Sessions;
using PiVault.Server.Features.SmartSearch;

namespace PiVault.Bench.Ml;

/// <summary>
/// (b) CLIP image embeddings per second as the <c>asset.smart-search</c> step makes them: the stored preview's bytes →
/// <see cref="ClipPreview.Tensor"/> (libvips: bicubic short side to 224, centre crop, mean/std) →
/// <see cref="ClipEncoder.EmbedImage"/> through <see cref="ModelLibrary"/> (the server's session settings: no arena,
/// optimised graph cached on disk) with the full-size ViT-B/32 graph. The first photo is embedded once before timing
/// (the model load, timed apart). Prints one Markdown table row: CPU time per photo (all threads; about what an idle
/// machine takes per photo with one thread) and its preprocessing part, then wall time, which other builds inflate here.
/// </summary>
public static class ClipBench
{
    public static void Run(string[] previews, string work, int threads)
    {
        var repo = ClipModelFolder.RepoRoot();
        var models = Path.Combine(work, "models");
        var written = ClipModelFolder.Ensure(models, repo);
        if (written > 0)
        {
            Console.Error.WriteLine($"wrote the ViT-B/32 graph: {written:N0} parameters");
        }
        var baseline = Rss.NowMiB;
        using var library = Library(work, threads, TimeSpan.FromMinutes(5));
        var clip = new ClipEncoder(library, ClipModelFolder.Name);
        var bytes = previews.Select(File.ReadAllBytes).ToArray();

        var load = Stopwatch.StartNew();
        clip.EmbedImage(ClipPreview.Tensor(bytes[0], clip.Config.Image));
        var loadSeconds = load.Elapsed.TotalSeconds;
        var loaded = Rss.NowMiB;

        double preprocess = 0, inference = 0, preprocessCpu = 0;
        var cpuStart = CpuClock.ProcessSeconds;
        // BENCH_WORKERS=N: N photos at a time (as N job workers sharing the session); wall is then the whole run's.
        var workers = int.Parse(Environment.GetEnvironmentVariable("BENCH_WORKERS") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var all = Stopwatch.StartNew();
        Parallel.ForEach(bytes, new ParallelOptions { MaxDegreeOfParallelism = workers }, preview =>
        {
            var clock = Stopwatch.StartNew();
            var threadCpu = CpuClock.ThreadSeconds;
            var tensor = ClipPreview.Tensor(preview, clip.Config.Image);
            var (tensorCpu, tensorWall) = (CpuClock.ThreadSeconds - threadCpu, clock.Elapsed.TotalSeconds);
            clock.Restart();
            var embedding = clip.EmbedImage(tensor);
            lock (bytes)
            {
                (preprocessCpu, preprocess, inference) = (preprocessCpu + tensorCpu, preprocess + tensorWall, inference + clock.Elapsed.TotalSeconds);
            }
            if (embedding.Length != 512 || !float.IsFinite(embedding[0]))
            {
                throw new InvalidOperationException("the graph gave no usable embedding");
            }
        });
        var elapsed = all.Elapsed.TotalSeconds;
        var cpu = CpuClock.ProcessSeconds - cpuStart;
        var n = bytes.Length;
        var wall = workers == 1 ? preprocess + inference : elapsed;
        // CPU ms per photo is what one photo costs (summed over ORT's threads); wall ms is what this loaded machine gave.
        Console.WriteLine($"| {(workers == 1 ? "" : $"{workers} photos at a time × ")}{threads} | {n} | {1000 * cpu / n:F0} ms | {1000 * preprocessCpu / n:F0} ms | {1000 * wall / n:F0} ms | {n / wall:F2} | " +
            $"{loadSeconds:F1} s | {baseline:F0} MiB | {loaded:F0} MiB | {Rss.PeakMiB:F0} MiB |");
    }

    public static ModelLibrary Library(string work, int threads, TimeSpan idle) => new(
        ModelManifest.Load(Path.Combine(AppContext.BaseDirectory, "models", "manifest.json")),
        new ModelFolders([Path.Combine(work, "models")]),
        new SessionSettings(() => threads, idle, Path.Combine(work, "cache")),
        TimeProvider.System);
}
