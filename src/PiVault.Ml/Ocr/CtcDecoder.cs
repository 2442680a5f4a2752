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
/// would defeat word search. Where it emitted none, a space is put between two non-CJK characters whose time steps are
/// more than <see cref="SpaceGap"/> times the line's median step apart: a space is as wide as a narrow letter.
/// </remarks>
public sealed class CtcDecoder
{
    /// <summary>Gaps wider than this many median gaps between characters are read as a space.</summary>
    public const float SpaceGap = 1.5f;

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
        return new DecodedText(Spell(kept), kept.Count == 0 ? 0 : kept.Average(k => k.Probability));
    }

    private string Spell(List<(int Step, int Class, float Probability)> kept)
    {
        var gaps = Enumerable.Range(1, Math.Max(0, kept.Count - 1))
            .Where(i => kept[i].Class != Space && kept[i - 1].Class != Space)
            .Select(i => kept[i].Step - kept[i - 1].Step).Order().ToList();
        var median = gaps.Count >= 3 ? gaps[gaps.Count / 2] : int.MaxValue;
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < kept.Count; i++)
        {
            var character = characters[kept[i].Class];
            if (i > 0 && kept[i].Class != Space && kept[i - 1].Class != Space
                && kept[i].Step - kept[i - 1].Step > SpaceGap * median && !IsCjk(character) && !IsCjk(characters[kept[i - 1].Class]))
            {
                text.Append(' ');
            }
            text.Append(character);
        }
        return text.ToString().Trim();
    }

    /// <summary>Chinese, Japanese and Korean script and punctuation, which is written without spaces.</summary>
    private static bool IsCjk(string character) => character.Length > 0 && character[0] >= '\u2E80';
}
