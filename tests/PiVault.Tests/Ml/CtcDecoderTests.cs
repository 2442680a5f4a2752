using PiVault.Ml.Ocr;

namespace PiVault.Tests.Ml;

/// <summary>Greedy CTC decoding on hand-made probability rows: repeats, blanks, emitted spaces and inferred ones.</summary>
public sealed class CtcDecoderTests
{
    private static readonly CtcDecoder Decoder = new(["a", "b", "4", "中", "文"]);

    // Classes: 0 blank, 1 a, 2 b, 3 4, 4 中, 5 文, 6 space.
    private static float[] Rows(params (int Class, float SpaceShare)[] steps)
    {
        var rows = new float[steps.Length * Decoder.Classes];
        for (var t = 0; t < steps.Length; t++)
        {
            var (winner, space) = steps[t];
            rows[(t * Decoder.Classes) + 6] = space;
            rows[(t * Decoder.Classes) + winner] += 1f - space;
        }
        return rows;
    }

    [Fact]
    public void A_class_repeated_over_steps_counts_once_and_a_blank_between_repeats_keeps_both()
    {
        var text = Decoder.Decode(Rows((1, 0), (1, 0), (0, 0), (1, 0), (2, 0)), 5);

        Assert.Equal("aab", text.Text);
        Assert.Equal(1f, text.Score, 3);
    }

    [Theory]
    [InlineData(0.3f, "a 4")]
    [InlineData(0.12f, "a 4")]
    [InlineData(0.05f, "a4")]
    [InlineData(0f, "a4")]
    public void A_space_is_read_where_the_space_class_rose_between_two_letters_although_the_blank_won(float space, string expected)
    {
        var text = Decoder.Decode(Rows((1, 0), (0, space), (0, 0), (3, 0)), 4);

        Assert.Equal(expected, text.Text);
    }

    [Fact]
    public void An_emitted_space_is_kept_once_and_CJK_characters_are_never_spaced()
    {
        Assert.Equal("a b", Decoder.Decode(Rows((1, 0), (6, 1), (6, 1), (2, 0)), 4).Text);
        Assert.Equal("中文", Decoder.Decode(Rows((4, 0), (0, 0.4f), (5, 0)), 3).Text);
    }

    [Fact]
    public void Rows_that_do_not_match_the_class_count_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Decoder.Decode(new float[10], 4));
    }
}
