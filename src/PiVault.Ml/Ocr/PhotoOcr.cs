using PiVault.Ml.Models;

namespace PiVault.Ml.Ocr;

/// <summary>A line of text found in a picture: its box normalised to 0..1 of the picture, how sure the detector and the recogniser were, and the text.</summary>
public sealed record OcrLine(Quad Box, float BoxScore, float TextScore, string Text);

/// <summary>
/// The whole PP-OCR pass on one picture (the preview, never the original): detect text boxes, straighten each to a
/// 48 px line, turn upside-down lines over, read them, and keep the lines read with enough confidence, in reading order
/// (top to bottom, then left to right). A missing or corrupt model throws <see cref="ModelUnavailableException"/>.
/// </summary>
public sealed class PhotoOcr(IModels models, OcrSettings settings)
{
    private const int LineHeight = 48;

    private readonly TextDetector detector = new(models, settings);
    private readonly AngleClassifier classifier = new(models, settings);
    private readonly TextRecognizer recognizer = new(models);

    public IReadOnlyList<OcrLine> Read(RgbFrame picture, CancellationToken cancel = default)
    {
        var boxes = ReadingOrder(detector.Detect(picture, cancel));
        if (boxes.Count == 0)
        {
            return [];
        }
        var lines = classifier.Upright([.. boxes.Select(b => QuadCrop.Straighten(picture, b.Box, LineHeight))], cancel);
        var texts = recognizer.Read(lines, cancel);
        var (sx, sy) = (1f / picture.Width, 1f / picture.Height);
        return [.. boxes.Zip(texts)
            .Where(pair => pair.Second.Score >= settings.MinTextScore && pair.Second.Text.Length > 0)
            .Select(pair => new OcrLine(pair.First.Box.Scale(sx, sy, 1, 1), pair.First.Score, pair.Second.Score, pair.Second.Text))];
    }

    /// <summary>Top to bottom by the top-left corner; boxes on the same line (within 10 px) left to right, as PaddleOCR sorts.</summary>
    private static List<DetectedBox> ReadingOrder(List<DetectedBox> boxes)
    {
        var sorted = boxes.OrderBy(b => b.Box.TopLeft.Y).ThenBy(b => b.Box.TopLeft.X).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            for (var j = i; j > 0 && MathF.Abs(sorted[j].Box.TopLeft.Y - sorted[j - 1].Box.TopLeft.Y) < 10
                && sorted[j].Box.TopLeft.X < sorted[j - 1].Box.TopLeft.X; j--)
            {
                (sorted[j], sorted[j - 1]) = (sorted[j - 1], sorted[j]);
            }
        }
        return sorted;
    }
}
