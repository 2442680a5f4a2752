using System.Diagnostics;
using System.Runtime.InteropServices;
using PiVault.Ml.Clip;
using PiVault.Ml.Ocr;
using PiVault.Native.Vips;
using PiVault.Server.Features.SmartSearch;

namespace PiVault.Bench.Ml;

/// <summary>
/// (d) Model memory in one long-lived process, as the server holds it: a <see cref="PiVault.Ml.Models.ModelLibrary"/>
/// with a short idle unload, a full ML pass over the previews (OCR: PP-OCRv4 det + cls + rec; CLIP: the full-size
/// ViT-B/32 image tower), then waiting until the library's idle timer has disposed every session. Prints RSS before,
/// with the models loaded, the pass's peak, after the unload, and after glibc's malloc_trim (which the server does not
/// call: the difference is freed memory glibc keeps in its arenas).
/// </summary>
public static partial class MemoryBench
{
    public static void Run(string[] previews, string work, TimeSpan idle)
    {
        var repo = ClipModelFolder.RepoRoot();
        var models = Path.Combine(work, "models");
        ClipModelFolder.Ensure(models, repo);
        var ocrFolder = Path.Combine(models, OcrModel.Name);
        Directory.CreateDirectory(ocrFolder);
        foreach (var file in Directory.GetFiles(Path.Combine(repo, "deps", "node_modules", "@gutenye", "ocr-models", "assets")))
        {
            File.Copy(file, Path.Combine(ocrFolder, Path.GetFileName(file)), overwrite: true);
        }

        using var library = ClipBench.Library(work, Math.Max(1, Environment.ProcessorCount / 2), idle);
        var ocr = new PhotoOcr(library, OcrSettings.From(library.Manifest));
        var clip = new ClipEncoder(library, ClipModelFolder.Name);
        var before = Rss.NowMiB;
        var lines = 0;
        var pass = Stopwatch.StartNew();
        foreach (var preview in previews)
        {
            var pixels = RgbPixels.Decode(preview);
            lines += ocr.Read(new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels)).Count;
            clip.EmbedImage(ClipPreview.Tensor(File.ReadAllBytes(preview), clip.Config.Image));
        }
        var passSeconds = pass.Elapsed.TotalSeconds;
        var sessions = library.LoadedSessions;
        var loaded = Rss.NowMiB;
        var peak = Rss.PeakMiB;

        var wait = Stopwatch.StartNew();
        while (library.LoadedSessions > 0 && wait.Elapsed < idle * 3 + TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(200);
        }
        var unloadedAfter = wait.Elapsed.TotalSeconds;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var unloaded = Rss.NowMiB;
        _ = MallocTrim(0);
        var trimmed = Rss.NowMiB;

        Console.WriteLine($"Full ML pass over {previews.Length} previews (OCR then CLIP per photo, {lines} text lines) in {passSeconds:F1} s; " +
            $"{sessions} sessions loaded; idle unload set to {idle.TotalSeconds:F0} s, all sessions disposed {unloadedAfter:F1} s after the pass " +
            $"({(library.LoadedSessions == 0 ? "done" : $"{library.LoadedSessions} still loaded")}).");
        Console.WriteLine();
        Console.WriteLine("| moment | RSS |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| before any model is loaded | {before:F0} MiB |");
        Console.WriteLine($"| models loaded, after the pass | {loaded:F0} MiB |");
        Console.WriteLine($"| peak during the pass (VmHWM) | {peak:F0} MiB |");
        Console.WriteLine($"| after the idle unload (sessions disposed, GC run) | {unloaded:F0} MiB |");
        Console.WriteLine($"| after that plus malloc_trim(0) | {trimmed:F0} MiB |");
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
