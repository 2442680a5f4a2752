using PiVault.Ml.Clip;
using PiVault.Native.Vips;
using PiVault.Server.Features.SmartSearch;
using Xunit;

namespace PiVault.Tests.Ml.Clip;

/// <summary>CLIP's preprocessing: the crop geometry, the normalisation arithmetic, and the whole path from an encoded preview through libvips.</summary>
public sealed class ClipPreprocessTests
{
    private static readonly ClipPreprocess ViTB32 = new(224, ClipTestModel.Mean, ClipTestModel.Std, "bicubic", "shortest");

    [Theory]
    [InlineData(1440, 960, 224.0 / 960, 56, 0)]   // landscape preview: 336x224, centre 224 from x = 56
    [InlineData(960, 1440, 224.0 / 960, 0, 56)]   // portrait
    [InlineData(224, 224, 1.0, 0, 0)]
    [InlineData(1000, 999, 224.0 / 999, 0, 0)]    // 224.22 wide: rounds to 224, nothing to cut
    public void Short_side_goes_to_the_size_and_the_centre_square_is_cut(int width, int height, double scale, int left, int top)
    {
        var fit = ClipImage.Fit(width, height, ViTB32);

        Assert.Equal(scale, fit.ScaleX, 9);
        Assert.Equal(scale, fit.ScaleY, 9);
        Assert.Equal((left, top), (fit.Left, fit.Top));
    }

    [Fact]
    public void Squash_scales_each_axis_to_the_size()
    {
        var fit = ClipImage.Fit(400, 100, ViTB32 with { ResizeMode = "squash" });

        Assert.Equal((224 / 400.0, 224 / 100.0, 0, 0), fit);
    }

    [Fact]
    public void A_pixel_becomes_x_over_255_minus_mean_over_std_in_channel_planes()
    {
        var rgb = new byte[224 * 224 * 3];
        var pixel = (224 * 10 + 20) * 3; // row 10, column 20
        (rgb[pixel], rgb[pixel + 1], rgb[pixel + 2]) = (255, 0, 128);

        var tensor = ClipImage.ToTensor(rgb, ViTB32);

        var plane = 224 * 224;
        var at = 224 * 10 + 20;
        Assert.Equal((1f - 0.48145466f) / 0.26862954f, tensor[at], 5);              // R plane
        Assert.Equal((0f - 0.4578275f) / 0.26130258f, tensor[plane + at], 5);       // G plane
        Assert.Equal((128 / 255f - 0.40821073f) / 0.27577711f, tensor[2 * plane + at], 5); // B plane
        Assert.Equal(-0.48145466f / 0.26862954f, tensor[0], 5);                     // a black pixel
    }

    [Fact]
    public void An_encoded_preview_goes_through_libvips_to_the_tensor()
    {
        Assert.True(VipsLibrary.TryInitialize(out var error), error);
        // 300x200 with a red left half and a blue right half: "short side to 224" makes it 336x224, the centre crop
        // starts at x = 56, so the edge (x = 168 scaled) is at column 112 of the crop (bicubic blurs a few columns).
        var preview = SolidJpeg.TwoColours(300, 200, (220, 30, 30), (30, 30, 220));

        var tensor = ClipPreview.Tensor(preview, ViTB32);

        Assert.Equal(3 * 224 * 224, tensor.Length);
        float Red(int x, int y) => tensor[y * 224 + x] * 0.26862954f + 0.48145466f;
        float Blue(int x, int y) => tensor[2 * 224 * 224 + y * 224 + x] * 0.27577711f + 0.40821073f;
        Assert.Equal(220 / 255f, Red(10, 100), 1);
        Assert.Equal(30 / 255f, Blue(10, 100), 1);
        Assert.Equal(30 / 255f, Red(200, 100), 1);
        Assert.Equal(220 / 255f, Blue(200, 100), 1);
        Assert.InRange(Red(108, 100), 0.5f, 1f);  // still red just left of the edge
        Assert.InRange(Red(120, 100), 0f, 0.4f);  // blue just right of it
    }
}
