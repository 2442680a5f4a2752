using PiVault.Native.Vips;

namespace PiVault.Server.Features.Duplicates;

/// <summary>The seam between duplicate detection and the image decoder: a stored preview in, its perceptual hash out.</summary>
public interface IPreviewHasher
{
    /// <summary>The <see cref="PerceptualHash"/> of the picture in the preview file; null for a flat picture (nothing to compare).</summary>
    /// <exception cref="MediaDecodeException">The file is not a decodable image.</exception>
    ulong? Hash(string previewPath);
}

/// <summary>libvips: a shrink-on-load decode of the preview to a 32 × 32 grey sample (<see cref="GrayscaleSample"/>), then the DCT.</summary>
public sealed class VipsPreviewHasher : IPreviewHasher
{
    public ulong? Hash(string previewPath) => PerceptualHash.Compute(GrayscaleSample.FromFile(previewPath, PerceptualHash.SampleSide));
}
