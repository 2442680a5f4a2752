using PiVault.Ml.Models;

namespace PiVault.Ml.Ocr;

/// <summary>
/// PP-OCR's text-direction classifier: each straightened line, scaled to 48 px high inside a 192 x 48 input (padded on
/// the right), is either upright (class 0) or turned 180 degrees (class 1); confidently upside-down lines are turned.
/// </summary>
public sealed class AngleClassifier(IModels models, OcrSettings settings)
{
    private const int Height = 48;
    private const int Width = 192;
    private const int Batch = 6;

    /// <summary>The lines, with those the model is sure are upside down turned the right way up.</summary>
    public List<RgbFrame> Upright(IReadOnlyList<RgbFrame> lines, CancellationToken cancel = default)
    {
        var result = lines.ToList();
        for (var start = 0; start < lines.Count; start += Batch)
        {
            var count = Math.Min(Batch, lines.Count - start);
            var input = new float[count * 3 * Height * Width];
            for (var i = 0; i < count; i++)
            {
                var line = lines[start + i];
                var width = Math.Clamp((int)MathF.Ceiling(Height * (float)line.Width / line.Height), 1, Width);
                line.WriteNormalised(input.AsSpan(i * 3 * Height * Width, 3 * Height * Width), width, Height, Width);
            }
            var (scores, _) = models.Run(OcrModel.Classifier, (session, options) => OnnxTensors.Run(session, options, input, [count, 3, Height, Width]), cancel);
            for (var i = 0; i < count; i++)
            {
                if (scores[(i * 2) + 1] > scores[i * 2] && scores[(i * 2) + 1] >= settings.FlipConfidence)
                {
                    result[start + i] = lines[start + i].Rotated180();
                }
            }
        }
        return result;
    }
}
