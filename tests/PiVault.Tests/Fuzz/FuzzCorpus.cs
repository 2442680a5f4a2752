namespace PiVault.Tests.Fuzz;

/// <summary>The corpus files the image fuzz runs start from: small, one or more per format libvips decodes, plus RAWs.</summary>
public static class FuzzCorpus
{
    public static readonly string[] Images =
    [
        "libvips-test/sample.jpg", "exiftool-t-images/Canon.jpg", "exiftool-t-images/PNG.png", "exiftool-t-images/GIF.gif",
        "exiftool-t-images/BMP.bmp", "exiftool-t-images/ExifTool.tif", "libvips-test/1.webp", "libvips-test/big-height.webp",
        "libvips-test/avif-orientation-6.avif", "exiftool-t-images/QuickTime.heic", "exiftool-t-images/DNG.dng", "exiftool-t-images/Nikon.nef",
    ];
}
