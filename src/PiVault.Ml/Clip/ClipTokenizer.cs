using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace PiVault.Ml.Clip;

/// <summary>
/// CLIP's text tokenizer: byte-level BPE with the "&lt;/w&gt;" end-of-word suffix over the model's own
/// <c>vocab.json</c> + <c>merges.txt</c>, text cleaned as CLIP does (HTML entities decoded, whitespace collapsed,
/// lower-cased), pieces split by CLIP's pattern, wrapped in &lt;|startoftext|&gt; … &lt;|endoftext|&gt;, truncated
/// and padded to the context length. The vocabulary is read through a source-generated JSON context: the library's
/// file-path constructors deserialize by reflection, which native AOT cannot do. Thread-safe once built.
/// </summary>
public sealed partial class ClipTokenizer
{
    public const string StartOfText = "<|startoftext|>";
    public const string EndOfText = "<|endoftext|>";
    public const int StartOfTextId = 49406;
    public const int EndOfTextId = 49407;

    private readonly BpeTokenizer bpe;
    private readonly int startId;
    private readonly int endId;

    private ClipTokenizer(BpeTokenizer bpe, int startId, int endId, int contextLength, int padId)
    {
        this.bpe = bpe;
        this.startId = startId;
        this.endId = endId;
        ContextLength = contextLength;
        PadId = padId;
    }

    public int ContextLength { get; }

    public int PadId { get; }

    /// <summary>Builds the tokenizer from a model's vocab.json and merges.txt (Immich's textual/ folder).</summary>
    public static ClipTokenizer Load(string vocabPath, string mergesPath, int contextLength = 77, int padId = 0)
    {
        var vocab = JsonSerializer.Deserialize(File.ReadAllBytes(vocabPath), ClipJsonContext.Default.DictionaryStringInt32)
            ?? throw new InvalidDataException($"{vocabPath} is empty.");
        if (!vocab.TryGetValue(StartOfText, out var start) || !vocab.TryGetValue(EndOfText, out var end))
        {
            throw new InvalidDataException($"{vocabPath} has no {StartOfText}/{EndOfText} tokens: not a CLIP vocabulary.");
        }
        var merges = File.ReadLines(mergesPath).Where(line => line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal)).ToList();
        var specials = new Dictionary<string, int>(StringComparer.Ordinal) { [StartOfText] = start, [EndOfText] = end };
        var options = new BpeOptions(vocab)
        {
            Merges = merges,
            SpecialTokens = specials,
            PreTokenizer = new RegexPreTokenizer(Pieces(), specials),
            Normalizer = new ClipTextCleaner(),
            EndOfWordSuffix = "</w>",
            ByteLevel = true,
        };
        return new ClipTokenizer(BpeTokenizer.Create(options), start, end, contextLength, padId);
    }

    /// <summary>
    /// The model's <c>text</c> input for <paramref name="text"/>: start token, the text's tokens (cut so the end token
    /// still fits), end token, then padding up to <see cref="ContextLength"/>.
    /// </summary>
    public int[] Encode(string text)
    {
        var ids = new int[ContextLength];
        Array.Fill(ids, PadId);
        var tokens = bpe.EncodeToIds(text);
        var kept = Math.Min(tokens.Count, ContextLength - 2);
        ids[0] = startId;
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = tokens[i];
        }
        ids[kept + 1] = endId;
        return ids;
    }

    /// <summary>CLIP's split: its two special tokens, English contractions, runs of letters, single digits, runs of other symbols.</summary>
    [GeneratedRegex(@"<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pieces();

    /// <summary>CLIP's basic_clean + whitespace_clean + lower(): entities decoded twice, whitespace runs to one space, trimmed.</summary>
    private sealed partial class ClipTextCleaner : Normalizer
    {
        public override string Normalize(string original)
        {
            var text = WebUtility.HtmlDecode(WebUtility.HtmlDecode(original)).Trim();
            return Whitespace().Replace(text, " ").Trim().ToLowerInvariant();
        }

        public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

        [GeneratedRegex(@"\s+")]
        private static partial Regex Whitespace();
    }
}
