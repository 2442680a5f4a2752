// OCR benchmark, PiVault side.
//   pivault-ocr-bench previews LIST OUTDIR        writes each photo's preview (the thumbnail step's JPEG, 1440 px short side)
//   pivault-ocr-bench read LIST MODELS PASSES THREADS
//       reads every preview PASSES times as the asset.ocr step does (decode the preview, PhotoOcr.Read) with ONNX Runtime
//       sessions of THREADS intra-op threads; the first photo is read once before timing (model load, graph cache).
//       BENCH_WORKERS=N reads N photos at a time. BENCH_DETECTOR_SIDE=N changes the detector's longest side (default 736, the manifest's).
//   pivault-ocr-bench stages LIST MODELS PASSES THREADS
//       the same work, timed per stage (detect, straighten + classify, recognise): process CPU and wall per stage.
// "read" prints one JSON object: photos, seconds, CPU seconds (all threads), photos/s, lines found, peak RSS (VmHWM).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Ml.Sessions;
using PiVault.Native.Vips;

if (args.Length < 3 || !VipsLibrary.TryInitialize(new VipsSettings(Concurrency: 1), out var error))
{
    Console.Error.WriteLine("usage: pivault-ocr-bench previews LIST OUTDIR | read LIST MODELS PASSES THREADS (libvips must load)");
    return 2;
}
var list = File.ReadAllLines(args[1]).Where(line => line.Length > 0).ToArray();
if (args[0] == "previews")
{
    var thumbnailer = new VipsThumbnailer();
    foreach (var (photo, i) in list.Select((p, i) => (p, i)))
    {
        File.WriteAllBytes(Path.Combine(args[2], $"{i:D3}.jpg"), thumbnailer.Generate(photo, new ThumbnailSpec()).PreviewJpeg);
    }
    return 0;
}
var passes = int.Parse(args[3], CultureInfo.InvariantCulture);
var threads = int.Parse(args[4], CultureInfo.InvariantCulture);
var manifest = ModelManifest.Load(Path.Combine(AppContext.BaseDirectory, "manifest.json"));
using var library = new ModelLibrary(manifest, new ModelFolders([args[2]]), new SessionSettings(() => threads, TimeSpan.FromMinutes(5), null), TimeProvider.System);
// BENCH_DETECTOR_SIDE: the detector's longest side (default: the manifest's 736, as the server runs); a large value
// keeps the preview's own size, as @gutenye/ocr-node does.
var settings = OcrSettings.From(manifest);
if (Environment.GetEnvironmentVariable("BENCH_DETECTOR_SIDE") is { Length: > 0 } side)
{
    settings = settings with { DetectorSide = int.Parse(side, CultureInfo.InvariantCulture) };
}
var ocr = new PhotoOcr(library, settings);

int Read(string path)
{
    var pixels = RgbPixels.Decode(path);
    return ocr.Read(new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels)).Count;
}

if (args[0] == "stages")
{
    return Stages.Run(list, passes, threads, library, settings);
}

// BENCH_WORKERS=N: N photos at a time (as N job workers sharing the sessions), each run on THREADS intra-op threads.
var workers = int.Parse(Environment.GetEnvironmentVariable("BENCH_WORKERS") ?? "1", CultureInfo.InvariantCulture);
Read(list[0]);
var lines = 0;
var clock = Stopwatch.StartNew();
var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
var work = Enumerable.Range(0, passes).SelectMany(_ => list).ToArray();
Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = workers }, path => Interlocked.Add(ref lines, Read(path)));
var seconds = clock.Elapsed.TotalSeconds;
var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["tool"] = $"pivault-{workers}w{threads}t-side{settings.DetectorSide}", ["photos"] = list.Length * passes, ["seconds"] = Math.Round(seconds, 3), ["cpuSeconds"] = Math.Round(cpuSeconds, 3),
    ["photosPerSecond"] = Math.Round(list.Length * passes / seconds, 3), ["lines"] = lines / passes, ["peakRssKiB"] = long.Parse(peak, CultureInfo.InvariantCulture),
}));
return 0;
