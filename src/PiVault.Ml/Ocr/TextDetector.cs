using PiVault.Ml.Models;

namespace PiVault.Ml.Ocr;

/// <summary>
/// PP-OCR's DB text detector: the picture scaled so its longer side is at most <see cref="OcrSettings.DetectorSide"/>
/// with both sides multiples of 32, normalised (v / 255 - 0.5) / 0.5, gives a text probability map of the same size,
/// which <see cref="DbPostProcess"/> turns into boxes in the picture's pixels.
/// </summary>
public sealed class TextDetector(IModels models, OcrSettings settings)
{
    public List<DetectedBox> Detect(RgbFrame picture, CancellationToken cancel = default)
    {
        var (width, height) = InputSize(picture.Width, picture.Height, settings.DetectorSide);
        var input = new float[3 * width * height];
        picture.WriteNormalised(input, width, height, width);
        var (map, shape) = models.Run(OcrModel.Detector, (session, options) => OnnxTensors.Run(session, options, input, [1, 3, height, width]), cancel);
        var (mapHeight, mapWidth) = ((int)shape[^2], (int)shape[^1]);
        return settings.PostProcess.Boxes(map.AsSpan(0, mapHeight * mapWidth), mapWidth, mapHeight, picture.Width, picture.Height);
    }

    /// <summary>The detector's input size: scaled down to fit <paramref name="side"/>, each side rounded to a multiple of 32 (at least 32).</summary>
    public static (int Width, int Height) InputSize(int width, int height, int side)
    {
        var scale = Math.Min(1.0, (double)side / Math.Max(width, height));
        static int Round32(double v) => Math.Max(32, (int)Math.Round(v / 32) * 32);
        return (Round32(width * scale), Round32(height * scale));
    }
}
