namespace PiVault.Ml.Ocr;

/// <summary>Recognised text and its confidence: the mean of the winning probabilities of the characters kept.</summary>
public readonly record struct DecodedText(string Text, float Score);

/// <summary>
/// Greedy CTC decoding of the recogniser's output, as PaddleOCR's CTCLabelDecode: at each time step the most probable
/// class; class 0 is the CTC blank, a class repeated in consecutive steps counts once, and class k (1..) is the k-th
/// character of the key list, which ends with a space (PaddleOCR's use_space_char).
/// </summary>
/// <remarks>
/// The Chinese+English PP-OCRv4 recogniser often leaves out the space between Latin words ("Platform9to0xford"), which
/// would defeat word search. Its output still knows the space is there: between the two words the space class rises
/// (0.13–0.5 measured on rendered and corpus text) although the blank wins, while inside a word it stays below 0.01.
/// So where it emitted none, a space is put between two non-CJK characters when the space class reached
/// <see cref="SpaceProbability"/> at a step between them. (Spacing by the width of the gap failed both ways: after a
/// narrow "l" a space is no wider than the gap after a wide "5".)
/// </remarks>
public sealed class CtcDecoder
{
    /// <summary>A space class this probable at a step between two characters is read as a space.</summary>
    public const float SpaceProbability = 0.1f;

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

    private int Space => characters.Length - 1;

    /// <param name="probabilities">Time steps x classes, row-major (one row of class probabilities per step).</param>
    public DecodedText Decode(ReadOnlySpan<float> probabilities, int steps)
    {
        if (steps <= 0 || probabilities.Length != steps * Classes)
        {
            throw new ArgumentException($"Expected {steps} x {Classes} probabilities, got {probabilities.Length}.", nameof(probabilities));
        }
        var kept = new List<(int Step, int Class, float Probability)>();
        var previous = -1;
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
                kept.Add((t, best, row[best]));
            }
            previous = best;
        }
        return new DecodedText(Spell(kept, probabilities), kept.Count == 0 ? 0 : kept.Average(k => k.Probability));
    }

    private string Spell(List<(int Step, int Class, float Probability)> kept, ReadOnlySpan<float> probabilities)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < kept.Count; i++)
        {
            var character = characters[kept[i].Class];
            if (i > 0 && kept[i].Class != Space && kept[i - 1].Class != Space && !IsCjk(character) && !IsCjk(characters[kept[i - 1].Class])
                && SpaceBetween(probabilities, kept[i - 1].Step, kept[i].Step) >= SpaceProbability)
            {
                text.Append(' ');
            }
            text.Append(character);
        }
        return text.ToString().Trim();
    }

    /// <summary>The highest probability of the space class at the steps strictly between two kept characters.</summary>
    private float SpaceBetween(ReadOnlySpan<float> probabilities, int from, int to)
    {
        var highest = 0f;
        for (var t = from + 1; t < to; t++)
        {
            highest = Math.Max(highest, probabilities[(t * Classes) + Space]);
        }
        return highest;
    }

    /// <summary>Chinese, Japanese and Korean script and punctuation, which is written without spaces.</summary>
    private static bool IsCjk(string character) => character.Length > 0 && character[0] >= '\u2E80';
}
