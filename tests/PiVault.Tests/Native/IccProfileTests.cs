using PiVault.Native.Vips;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Native;

/// <summary>Profiles read from corpus files with the binding; descriptions as exiftool reports them.</summary>
public sealed class IccProfileTests
{
    [Theory]
    [InlineData("immich-test-assets/albums/text/craft-beer.jpg", "sRGB IEC61966-2.1", true)]
    [InlineData("mei/heic/Issue_263_dotnet.heic", "Display P3", false)]
    [InlineData("mei/heic/Issue_437_dotnet.heic", "DCI-P3 D65 Gamut with sRGB Transfer", false)]
    public void Recognises_srgb_by_description(string corpusPath, string description, bool isSrgb)
    {
        VipsLibrary.TryInitialize(out _);
        using var source = EncodedImage.FromFile(Uploads.CorpusFile(corpusPath));
        using var header = source.Load(FailOn.None);
        var profile = header.IccProfile();

        Assert.NotNull(profile);
        Assert.Equal(description, IccProfile.Description(profile));
        Assert.Equal(isSrgb, IccProfile.IsSrgb(profile));
    }

    [Fact]
    public void Images_without_a_profile_report_none()
    {
        VipsLibrary.TryInitialize(out _);
        using var source = EncodedImage.FromFile(Uploads.CorpusFile("mei/jpg/Canon_EOS_450D.jpg"));
        using var header = source.Load(FailOn.None);
        Assert.Null(header.IccProfile());
    }

    [Fact]
    public void Truncated_or_foreign_data_is_not_srgb()
    {
        Assert.False(IccProfile.IsSrgb(new byte[100]));
        Assert.False(IccProfile.IsSrgb(new byte[400]));
    }
}
