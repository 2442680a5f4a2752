using System.Diagnostics;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Native.Vips;

/// <summary>
/// Where one OCR pass spends its time: the detector (DB network and its post-processing), the straightening and the
/// angle classifier, and the recogniser (the CTC network and its decoding), as process CPU and wall time per stage.
/// </summary>
internal static class Stages
{
    private const int LineHeight = 48;

    public static int Run(string[] list, int passes, int threads, IModels models, OcrSettings settings)
    {
        var detector = new TextDetector(models, settings);
        var classifier = new AngleClassifier(models, settings);
        var recognizer = new TextRecognizer(models);
        var cpu = new double[3];
        var wall = new double[3];
        var (lines, widths) = (0, 0L);
        var process = Process.GetCurrentProcess();

        T Timed<T>(int stage, Func<T> work, bool timed)
        {
            process.Refresh();
            var (cpuStart, clock) = (process.TotalProcessorTime, Stopwatch.StartNew());
            var result = work();
            process.Refresh();
            if (timed)
            {
                cpu[stage] += (process.TotalProcessorTime - cpuStart).TotalMilliseconds;
                wall[stage] += clock.Elapsed.TotalMilliseconds;
            }
            return result;
        }

        var read = new List<string>();
        var pass = 0;
        void Read(string path, bool timed)
        {
            var pixels = RgbPixels.Decode(path);
            var picture = new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels);
            var boxes = Timed(0, () => detector.Detect(picture), timed);
            if (boxes.Count == 0)
            {
                return;
            }
            var upright = Timed(1, () => classifier.Upright([.. boxes.Select(b => QuadCrop.Straighten(picture, b.Box, LineHeight))]), timed);
            var texts = Timed(2, () => recognizer.Read(upright), timed);
            if (timed && pass == 0)
            {
                read.AddRange(texts.Select(t => $"{Path.GetFileName(path)}\t{t.Score:F3}\t{t.Text}"));
            }
            if (timed)
            {
                lines += upright.Count;
                widths += upright.Sum(l => (long)Math.Ceiling(LineHeight * (double)l.Width / l.Height));
            }
        }

        Read(list[0], timed: false);
        for (pass = 0; pass < passes; pass++)
        {
            foreach (var path in list)
            {
                Read(path, timed: true);
            }
        }
        var photos = list.Length * passes;
        // BENCH_TEXTS=FILE: every line read in the first pass (photo, score, text), to compare two settings' output.
        if (Environment.GetEnvironmentVariable("BENCH_TEXTS") is { Length: > 0 } textsFile)
        {
            File.WriteAllLines(textsFile, read);
        }
        Console.WriteLine($"| stage ({threads} thread(s), detector side {settings.DetectorSide}) | CPU ms per photo | wall ms per photo |");
        Console.WriteLine("| --- | ---: | ---: |");
        string[] names = ["detect (DB network + boxes)", "straighten + angle classifier", "recognise (CTC network + decode)"];
        for (var i = 0; i < 3; i++)
        {
            Console.WriteLine($"| {names[i]} | {cpu[i] / photos:F0} | {wall[i] / photos:F0} |");
        }
        Console.WriteLine($"| all | {cpu.Sum() / photos:F0} | {wall.Sum() / photos:F0} |");
        Console.WriteLine($"\n{lines / passes} lines detected over {list.Length} photos, mean width at 48 px high {(lines == 0 ? 0 : widths / lines)} px.");
        return 0;
    }
}
