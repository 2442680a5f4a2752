using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Native.Vips;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml;

/// <summary>
/// The real PP-OCR models through the real ONNX Runtime read text the test renders with libvips: fonts and sizes,
/// light on dark, upside down, several lines; and a corpus photo with a printed sign.
/// </summary>
public sealed class OcrReadingTests : IDisposable
{
    private readonly string root = TempDir.Create();
    private readonly ModelLibrary library;
    private readonly PhotoOcr ocr;

    public OcrReadingTests()
    {
        MlTestModels.InstallOcr(root);
        library = MlTestModels.Library(root, new ManualTime(ServiceTier.DefaultStart));
        ocr = new PhotoOcr(library, OcrSettings.From(MlTestModels.Manifest));
    }

    public void Dispose()
    {
        library.Dispose();
        TempDir.Delete(root);
    }

    [Theory]
    [InlineData("PiVault backup 2025", "DejaVu Sans 28")]
    [InlineData("Hardware Store Receipt", "DejaVu Serif Bold 40")]
    [InlineData("Platform 9 to Leeds", "DejaVu Sans Mono 22")]
    public void Reads_dark_text_on_a_light_background_in_several_fonts(string text, string font)
    {
        var picture = new OcrPictures(720, 240, 250);
        var ink = picture.Write(text, font, 40, 90, 20);

        var line = Assert.Single(ocr.Read(picture.Frame()));

        Assert.Equal(text, line.Text);
        Assert.InRange(line.TextScore, 0.8f, 1f);
        Assert.InRange(line.BoxScore, 0.6f, 1f);
        AssertCovers(line.Box, ink, picture.Width, picture.Height);
    }

    [Fact]
    public void Reads_light_text_on_a_dark_background()
    {
        var picture = new OcrPictures(640, 200, 25);
        picture.Write("NIGHT MARKET OPEN", "DejaVu Sans Bold 30", 30, 70, 235);

        Assert.Equal("NIGHT MARKET OPEN", Assert.Single(ocr.Read(picture.Frame())).Text);
    }

    [Fact]
    public void Turns_upside_down_text_the_right_way_up()
    {
        var picture = new OcrPictures(640, 200, 245);
        picture.Write("Upside down sign 42", "DejaVu Sans 32", 40, 70, 15);

        var line = Assert.Single(ocr.Read(picture.Frame().Rotated180()));

        Assert.Equal("Upside down sign 42", line.Text);
    }

    [Fact]
    public void Reads_several_lines_top_to_bottom_with_boxes_where_the_text_is()
    {
        var picture = new OcrPictures(800, 600, 240);
        var first = picture.Write("Garden Centre", "DejaVu Sans Bold 36", 60, 60, 30);
        var second = picture.Write("Open daily 9-17", "DejaVu Serif 24", 380, 300, 30);
        var third = picture.Write("Free parking", "DejaVu Sans 20", 80, 500, 30);

        var lines = ocr.Read(picture.Frame());

        Assert.Equal(["Garden Centre", "Open daily 9-17", "Free parking"], lines.Select(l => l.Text));
        AssertCovers(lines[0].Box, first, picture.Width, picture.Height);
        AssertCovers(lines[1].Box, second, picture.Width, picture.Height);
        AssertCovers(lines[2].Box, third, picture.Width, picture.Height);
    }

    [Fact]
    public void A_picture_without_text_has_no_lines()
    {
        var picture = new OcrPictures(400, 300, 128);

        Assert.Empty(ocr.Read(picture.Frame()));
    }

    [Fact]
    public void Reads_the_signs_in_a_corpus_photo_from_its_preview()
    {
        // The preview as the thumbnail step makes it (short side 1440), decoded as the OCR step decodes it.
        var preview = new VipsThumbnailer().Generate(CraftBeer, new ThumbnailSpec()).PreviewJpeg;
        var file = Path.Combine(root, "preview.jpg");
        File.WriteAllBytes(file, preview);
        var pixels = RgbPixels.Decode(file);

        var lines = ocr.Read(new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels));

        var read = lines.Select(l => l.Text.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToList();
        foreach (var sign in new[] { "SEASONAL", "BARRELAGED", "RODEOCLOWN", "SESSIONIPA", "WEEKENDWARRIOR", "F.U.N." })
        {
            Assert.True(read.Any(text => text.Contains(sign, StringComparison.Ordinal)), $"{sign} is not among: {string.Join(" | ", read)}");
        }
        Assert.All(lines, l => Assert.InRange(l.TextScore, 0.5f, 1f));
    }

    private static string CraftBeer => Path.Combine(Uploads.CorpusRoot, "immich-test-assets", "albums", "text", "craft-beer.jpg");

    /// <summary>The normalised box contains the ink's rectangle and is not much larger (the detector's unclip margin).</summary>
    private static void AssertCovers(Quad box, (int X, int Y, int Width, int Height) ink, int width, int height)
    {
        var (left, right) = (MathF.Min(box.TopLeft.X, box.BottomLeft.X) * width, MathF.Max(box.TopRight.X, box.BottomRight.X) * width);
        var (top, bottom) = (MathF.Min(box.TopLeft.Y, box.TopRight.Y) * height, MathF.Max(box.BottomLeft.Y, box.BottomRight.Y) * height);
        var slack = ink.Height * 0.8f + 4;
        Assert.InRange(left, ink.X - slack, ink.X + 4);
        Assert.InRange(right, ink.X + ink.Width - 4, ink.X + ink.Width + slack);
        Assert.InRange(top, ink.Y - slack, ink.Y + 4);
        Assert.InRange(bottom, ink.Y + ink.Height - 4, ink.Y + ink.Height + slack);
    }
}
