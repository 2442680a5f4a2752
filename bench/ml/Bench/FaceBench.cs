using System.Diagnostics;
using PiVault.Ml.Faces;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Ml.Sessions;
using PiVault.Native.Vips;

namespace PiVault.Bench.Ml;

/// <summary>
/// Faces per photo as the <c>asset.faces</c> step does them: the stored preview decoded (<see cref="RgbPixels.Decode"/>),
/// detected, each face aligned (<see cref="FaceAlignment.Crop"/>) and embedded, through <see cref="ModelLibrary"/> with
/// the server's session settings. "yunet": YuNet + MobileFaceNet (the test models the build puts beside this binary).
/// "buffalo": random-weight graphs of buffalo_l's size (<see cref="FaceGraphs"/>): the SCRFD-10GF-sized detector on
/// every photo, and the ResNet50-sized recogniser on each face YuNet finds there (the random detector finds none).
/// The first photo runs once before timing (model loads, timed apart). One process per configuration, so the peak
/// RSS is that configuration's. Prints one Markdown table row.
/// </summary>
public static class FaceBench
{
    public static void Run(string[] previews, string work, int threads, string mode)
    {
        var manifest = ModelManifest.Load(Path.Combine(AppContext.BaseDirectory, "models", "manifest.json"));
        if (mode == "buffalo")
        {
            WriteBuffalo(Path.Combine(work, "models", "buffalo_l"));
        }
        var baseline = Rss.NowMiB;
        using var library = new ModelLibrary(manifest, new ModelFolders([Path.Combine(work, "models"), Path.Combine(AppContext.BaseDirectory, "models")]),
            new SessionSettings(() => threads, TimeSpan.FromMinutes(5), Path.Combine(work, "cache")), TimeProvider.System);
        var settings = new FaceDetectorSettings();
        var yunet = FaceModels.Build(library, Chosen(manifest, library, "MobileFaceNet-test"), settings);
        var yunetDetector = new YuNetDetector(library, new ModelPart("YuNet", "yunet_n_dynamic.onnx"), settings);
        PhotoFaces? buffalo = mode == "buffalo" ? FaceModels.Build(library, Chosen(manifest, library, "buffalo_l"), settings) : null;
        var buffaloDetector = new ScrfdDetector(library, new ModelPart("buffalo_l", "detection/model.onnx"), settings);
        var buffaloRecognizer = buffalo is null ? null : new FaceRecognizer(library, new ModelPart("buffalo_l", "recognition/model.onnx"), new PixelScaling(127.5f, 127.5f), 512);

        // Faces per photo come from YuNet for both configurations (the random detector finds none), found before timing.
        var frames = previews.Select(Decode).ToArray();
        var landmarks = frames.Select(f => yunetDetector.Detect(f).Select(d => d.Landmarks).ToArray()).ToArray();
        int Once(int i)
        {
            var frame = Decode(previews[i]);
            if (buffaloRecognizer is null)
            {
                return yunet.Find(frame).Count;
            }
            buffaloDetector.Detect(frame);
            foreach (var points in landmarks[i])
            {
                buffaloRecognizer.Embed(FaceAlignment.Crop(frame, points));
            }
            return landmarks[i].Length;
        }

        var load = Stopwatch.StartNew();
        Once(0);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var loaded = Rss.NowMiB;

        var faces = 0;
        var cpuStart = CpuClock.ProcessSeconds;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < previews.Length; i++)
        {
            faces += Once(i);
        }
        var wall = clock.Elapsed.TotalSeconds;
        var cpu = CpuClock.ProcessSeconds - cpuStart;
        var n = previews.Length;
        var label = mode == "buffalo" ? "SCRFD-10GF-sized + ResNet50-sized (buffalo_l size, random weights)" : "YuNet-n + MobileFaceNet";
        Console.WriteLine($"| {label} | {threads} | {n} | {faces} | {1000 * cpu / n:F0} ms | {1000 * wall / n:F0} ms | {n / wall:F2} | " +
            $"{loadSeconds:F1} s | {baseline:F0} MiB | {loaded:F0} MiB | {Rss.PeakMiB:F0} MiB |");
    }

    private static RgbFrame Decode(string preview)
    {
        var pixels = RgbPixels.Decode(preview);
        return new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels);
    }

    private static FaceModelChoice Chosen(ModelManifest manifest, IModels models, string name) =>
        FaceModels.Choose(manifest, models, name) is ({ } choice, _) ? choice : throw new InvalidOperationException($"{name} is not installed");

    private static void WriteBuffalo(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "detection"));
        Directory.CreateDirectory(Path.Combine(folder, "recognition"));
        var detector = Path.Combine(folder, "detection", "model.onnx");
        if (!File.Exists(detector))
        {
            File.WriteAllBytes(detector, FaceGraphs.Detector());
            Console.Error.WriteLine($"detector graph: {FaceGraphs.Parameters:N0} parameters, {FaceGraphs.MultiplyAdds / 1e9:F2} G multiply-adds");
        }
        var recognizer = Path.Combine(folder, "recognition", "model.onnx");
        if (!File.Exists(recognizer))
        {
            File.WriteAllBytes(recognizer, FaceGraphs.Recognizer());
            Console.Error.WriteLine($"recogniser graph: {FaceGraphs.Parameters:N0} parameters, {FaceGraphs.MultiplyAdds / 1e9:F2} G multiply-adds");
        }
    }
}
