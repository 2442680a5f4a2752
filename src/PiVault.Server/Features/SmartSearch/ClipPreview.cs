using PiVault.Ml.Clip;
using PiVault.Native.Vips.ModelInput;

namespace PiVault.Server.Features.SmartSearch;

/// <summary>
/// CLIP's image input from an asset's stored preview (never the original): through libvips, scaled with the model's
/// kernel so the short side is the model's size, the centre square cut out (<see cref="ClipImage.Fit"/>), then
/// normalised to the [3, S, S] tensor (<see cref="ClipImage.ToTensor"/>).
/// </summary>
public static class ClipPreview
{
    public static float[] Tensor(byte[] previewJpeg, ClipPreprocess preprocess) =>
        ClipImage.ToTensor(
            SquareRgb.From(previewJpeg, preprocess.Size, ClipImage.Kernel(preprocess.Interpolation), (w, h) => ClipImage.Fit(w, h, preprocess)),
            preprocess);
}
