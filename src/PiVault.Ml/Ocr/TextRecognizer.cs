using PiVault.Ml.Models;

namespace PiVault.Ml.Ocr;

/// <summary>
/// PP-OCR's CTC text recogniser: lines scaled to 48 px high, keeping their aspect, in batches of similar widths padded
/// to the widest (at least 320 px, the width the model was trained at); each line's output is decoded by
/// <see cref="CtcDecoder"/>.
/// </summary>
public sealed class TextRecognizer(IModels models)
{
    private const int Height = 48;
    private const int MinWidth = 320;
    private const int Batch = 6;

    private (string Path, CtcDecoder Decoder)? keys;

    public DecodedText[] Read(IReadOnlyList<RgbFrame> lines, CancellationToken cancel = default)
    {
        var decoder = Decoder();
        var results = new DecodedText[lines.Count];
        // Lines of similar widths share a batch, so little of each input is padding.
        var order = Enumerable.Range(0, lines.Count).OrderBy(i => (float)lines[i].Width / lines[i].Height).ToArray();
        for (var start = 0; start < order.Length; start += Batch)
        {
            var batch = order.Skip(start).Take(Batch).ToArray();
            var widths = batch.Select(i => Math.Max(1, (int)MathF.Ceiling(Height * (float)lines[i].Width / lines[i].Height))).ToArray();
            var tensorWidth = Math.Max(MinWidth, widths.Max());
            var plane = 3 * Height * tensorWidth;
            var input = new float[batch.Length * plane];
            for (var b = 0; b < batch.Length; b++)
            {
                lines[batch[b]].WriteNormalised(input.AsSpan(b * plane, plane), widths[b], Height, tensorWidth);
            }
            var (output, shape) = models.Run(OcrModel.Recognizer, (session, options) => OnnxTensors.Run(session, options, input, [batch.Length, 3, Height, tensorWidth]), cancel);
            var (steps, classes) = ((int)shape[1], (int)shape[2]);
            if (classes != decoder.Classes)
            {
                throw new InvalidDataException($"The recogniser has {classes} classes but its key list gives {decoder.Classes}.");
            }
            for (var b = 0; b < batch.Length; b++)
            {
                results[batch[b]] = decoder.Decode(output.AsSpan(b * steps * classes, steps * classes), steps);
            }
        }
        return results;
    }

    private CtcDecoder Decoder()
    {
        var path = models.PathOf(OcrModel.Keys);
        if (keys is not { } loaded || loaded.Path != path)
        {
            keys = loaded = (path, CtcDecoder.FromFile(path));
        }
        return loaded.Decoder;
    }
}
