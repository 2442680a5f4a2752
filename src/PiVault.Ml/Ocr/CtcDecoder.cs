namespace PiVault.Ml.Ocr;

/// <summary>Recognised text and its confidence: the mean of the winning probabilities of the characters kept.</summary>
public readonly record struct DecodedText(string Text, float Score);

/// <summary>
/// Greedy CTC decoding of the recogniser's output, as PaddleOCR's CTCLabelDecode: at each time step the most probable
/// class; class 0 is the CTC blank, a class repeated in consecutive steps counts once, and class k (1..) is the k-th
/// character of the key list, which ends with a space (PaddleOCR's use_space_char).
/// </summary>
public sealed class CtcDecoder
{
    private readonly string[] characters;

    /// <param name="keys">The character list, one per line (ppocr_keys_v1.txt); the space is appended here.</param>
    public CtcDecoder(IEnumerable<string> keys)
    {
        characters = ["", .. keys, " "];
    }

    /// <summary>Loads the key list of the recognition model (UTF-8, one character per line).</summary>
    public static CtcDecoder FromFile(string path) =>
        new(File.ReadAllLines(path).Select(line => line.TrimEnd('\r')));

    /// <summary>The number of classes the recogniser must output: the blank, every key and the space.</summary>
    public int Classes => characters.Length;

    /// <param name="probabilities">Time steps x classes, row-major (one row of class probabilities per step).</param>
    public DecodedText Decode(ReadOnlySpan<float> probabilities, int steps)
    {
        if (steps <= 0 || probabilities.Length != steps * Classes)
        {
            throw new ArgumentException($"Expected {steps} x {Classes} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }
        var text = new System.Text.StringBuilder();
        var (sum, kept, previous) = (0f, 0, -1);
        for (var t = 0; t < steps; t++)
        {
            var row = probabilities.Slice(t * Classes, Classes);
            var best = 0;
            for (var k = 1; k < row.Length; k++)
            {
                if (row[k] > row[best])
                {
                    best = k;
                }
            }
            if (best != 0 && best != previous)
            {
                text.Append(characters[best]);
                sum += row[best];
                kept++;
            }
            previous = best;
        }
        return new DecodedText(text.ToString().Trim(), kept == 0 ? 0 : sum / kept);
    }
}
