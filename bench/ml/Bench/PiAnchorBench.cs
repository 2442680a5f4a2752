using System.Diagnostics;
using PiVault.Ml.Faces;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Ml.Sessions;
using PiVault.Native.Vips;

namespace PiVault.Bench.Ml;

/// <summary>
/// The anchor for projecting to a Raspberry Pi 4 from a measured ratio instead of assumed GFLOPS: the work that public
/// benchmarks have timed on a real Pi 4, run here through PiVault's own code. YuNet-n (the architecture of OpenCV Zoo's
/// face_detection_yunet_2023mar) through <see cref="YuNetDetector.Detect"/> (pre-processing, ONNX Runtime, decoding,
/// NMS) on frames of exactly the published input sizes, cut from a real preview; and the decode of the stored preview
/// (<see cref="RgbPixels.Decode"/>), the scalar part of every ML step. Prints Markdown rows: mean wall and CPU
/// milliseconds per call over <c>repeats</c> calls after a warm-up.
/// </summary>
public static class PiAnchorBench
{
    private static readonly (int Width, int Height)[] Sizes = [(160, 120), (320, 320), (640, 480), (640, 640)];

    public static void Run(string[] previews, int threads, int repeats)
    {
        using var library = new ModelLibrary(ModelManifest.Load(Path.Combine(AppContext.BaseDirectory, "models", "manifest.json")),
            new ModelFolders([Path.Combine(AppContext.BaseDirectory, "models")]),
            new SessionSettings(() => threads, TimeSpan.FromMinutes(5), null), TimeProvider.System);
        var detector = new YuNetDetector(library, new ModelPart("YuNet", "yunet_n_dynamic.onnx"), new FaceDetectorSettings());
        var source = Decode(previews[0]);
        foreach (var (width, height) in Sizes)
        {
            var frame = Cut(source, width, height);
            detector.Detect(frame); // loads the session, first-run allocations
            var (wall, cpu) = Time(repeats, () => detector.Detect(frame));
            Console.WriteLine($"| YuNet-n detect {width}×{height} | {threads} | {repeats} | {wall:F2} ms | {cpu:F2} ms |");
        }
        if (threads == 1)
        {
            var (wall, cpu) = Time(Math.Max(1, repeats / 10) * previews.Length, Cycle(previews));
            Console.WriteLine($"| decode of a stored preview (1440 px JPEG → RGB) | 1 | {Math.Max(1, repeats / 10) * previews.Length} | {wall:F2} ms | {cpu:F2} ms |");
        }
    }

    private static Action Cycle(string[] previews)
    {
        var next = 0;
        return () => Decode(previews[next++ % previews.Length]);
    }

    private static (double WallMs, double CpuMs) Time(int repeats, Action work)
    {
        var cpu = CpuClock.ProcessSeconds;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++)
        {
            work();
        }
        return (clock.Elapsed.TotalMilliseconds / repeats, 1000 * (CpuClock.ProcessSeconds - cpu) / repeats);
    }

    private static RgbFrame Decode(string preview)
    {
        var pixels = RgbPixels.Decode(preview);
        return new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels);
    }

    /// <summary>A frame of exactly <paramref name="width"/> × <paramref name="height"/> sampled from the picture (a real scene, so the detector's decoding sees real scores).</summary>
    private static RgbFrame Cut(RgbFrame picture, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        var (sx, sy) = ((float)(picture.Width - 1) / Math.Max(1, width - 1), (float)(picture.Height - 1) / Math.Max(1, height - 1));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    pixels[(((y * width) + x) * 3) + c] = (byte)Math.Clamp(picture.Sample(x * sx, y * sy, c), 0, 255);
                }
            }
        }
        return new RgbFrame(width, height, pixels);
    }
}
