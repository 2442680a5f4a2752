using PiVault.Native.Vips;

namespace PiVault.Tests.Native;

public sealed class VipsResizeCropTests
{
    private static VipsImage Gradient()
    {
        // A 40×20 RGB picture: the left half black, the right half white.
        var pixels = new byte[40 * 20 * 3];
        for (var y = 0; y < 20; y++)
        {
            for (var x = 20; x < 40; x++)
            {
                pixels.AsSpan((y * 40 + x) * 3, 3).Fill(255);
            }
        }
        using var ppm = new MemoryStream();
        ppm.Write("P6\n40 20\n255\n"u8);
        ppm.Write(pixels);
        return VipsImage.Decode(ppm.ToArray());
    }

    [Fact]
    public void Resize_scales_each_axis_by_its_own_factor()
    {
        Assert.True(VipsLibrary.TryInitialize(out var error), error);
        using var image = Gradient();
        using var resized = image.Resize(0.5, 2.0, "cubic");
        Assert.Equal((20, 40), (resized.Width, resized.Height));
        var pixels = resized.WriteToMemory();
        Assert.True(pixels[0] < 10, "left edge stays black");
        Assert.True(pixels[(19 * 3)] > 245, "right edge stays white");
    }

    [Fact]
    public void Crop_takes_the_rectangle_asked_for()
    {
        Assert.True(VipsLibrary.TryInitialize(out var error), error);
        using var image = Gradient();
        using var right = image.Crop(20, 5, 10, 10);
        Assert.Equal((10, 10), (right.Width, right.Height));
        Assert.All(right.WriteToMemory(), b => Assert.Equal(255, b));
        Assert.Throws<VipsException>(() => image.Crop(35, 0, 10, 10).Dispose());
    }
}
