// Thumbnail benchmark, PiVault side: VipsThumbnailer over a list of photos on N worker threads.
//   pivault-thumbnail-bench LIST THREADS PASSES [webp-effort] [jpeg-optimize-coding]
// BENCH_VIPS_CONCURRENCY=N sets libvips' threads per pipeline (default 1).
// Prints one JSON object: photos, seconds, photos/s, peak RSS (VmHWM) and output sizes.
using System.Diagnostics;
using System.Text.Json;
using PiVault.Native.Vips;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: pivault-thumbnail-bench LIST THREADS PASSES [webp-effort] [jpeg-optimize-coding]");
    return 2;
}
// One libvips thread per pipeline unless asked otherwise; parallelism comes from running one photo per worker thread.
var vipsThreads = int.Parse(Environment.GetEnvironmentVariable("BENCH_VIPS_CONCURRENCY") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
if (!VipsLibrary.TryInitialize(new VipsSettings(Concurrency: vipsThreads), out var error))
{
    Console.Error.WriteLine(error);
    return 1;
}
var photos = File.ReadAllLines(args[0]).Where(line => line.Length > 0).ToArray();
var threads = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
var passes = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
var defaults = new VipsThumbnailer();
var webpEffort = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : defaults.WebpEffort;
var optimizeCoding = args.Length > 4 ? bool.Parse(args[4]) : defaults.JpegOptimizeCoding;

var thumbnailer = new VipsThumbnailer(webpEffort, optimizeCoding);
var spec = new ThumbnailSpec();

// Warm-up (JIT, libvips module loading), untimed.
TryGenerate(photos[0]);

var work = Enumerable.Repeat(photos, passes).SelectMany(list => list).ToArray();
var next = -1;
var failures = 0;
long thumbnailBytes = 0, previewBytes = 0;
var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var clock = Stopwatch.StartNew();
var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
{
    int index;
    while ((index = Interlocked.Increment(ref next)) < work.Length)
    {
        var set = TryGenerate(work[index]);
        if (set is null)
        {
            Interlocked.Increment(ref failures);
            continue;
        }
        Interlocked.Add(ref thumbnailBytes, set.ThumbnailWebp.Length);
        Interlocked.Add(ref previewBytes, set.PreviewJpeg.Length);
    }
})).ToList();
workers.ForEach(worker => worker.Start());
workers.ForEach(worker => worker.Join());
clock.Stop();
var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;

using var output = new Utf8JsonWriter(Console.OpenStandardOutput());
output.WriteStartObject();
output.WriteString("tool", "pivault");
output.WriteString("libvips", VipsLibrary.LoadedVersion?.ToString());
output.WriteNumber("threads", threads);
output.WriteNumber("webp_effort", webpEffort);
output.WriteBoolean("jpeg_optimize_coding", optimizeCoding);
output.WriteNumber("photos", work.Length);
output.WriteNumber("failures", failures);
output.WriteNumber("seconds", clock.Elapsed.TotalSeconds);
output.WriteNumber("photos_per_second", (work.Length - failures) / clock.Elapsed.TotalSeconds);
output.WriteNumber("cpu_seconds", cpuSeconds);
output.WriteNumber("cpu_ms_per_photo", cpuSeconds * 1000 / work.Length);
output.WriteNumber("vmhwm_kib", PeakRssKib());
output.WriteNumber("thumbnail_bytes_per_pass", thumbnailBytes / passes);
output.WriteNumber("preview_bytes_per_pass", previewBytes / passes);
output.WriteEndObject();
output.Flush();
Console.WriteLine();
return 0;

ThumbnailSet? TryGenerate(string path)
{
    try
    {
        return thumbnailer.Generate(path, spec);
    }
    catch (MediaDecodeException e)
    {
        Console.Error.WriteLine($"{path}: {e.Message}");
        return null;
    }
}

static long PeakRssKib() =>
    File.ReadLines("/proc/self/status").Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture))
        .FirstOrDefault();
