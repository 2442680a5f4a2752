using PiVault.Server.Configuration;
using PiVault.Server.Http;

namespace PiVault.Tests.Unit;

public sealed class ServerPathRedactionTests
{
    private static readonly ServerPathRedaction Redaction = new(new PiVaultOptions
    {
        Profile = RunProfile.Appliance, DataDir = "/srv/My Photos/pivault", Urls = "http://0.0.0.0:2283", ColdTierDir = "/mnt/cold",
    });

    [Theory]
    [InlineData("VipsJpeg: \"/srv/My Photos/pivault/library/u1/2024/05/IMG 1.jpg\" is not a known file format", "VipsJpeg: \"IMG 1.jpg\" is not a known file format")]
    [InlineData("Could not find file '/mnt/cold/u1/2019/a.heic'.", "Could not find file 'a.heic'.")]
    [InlineData("/var/tmp/pv-x/v.mp4: Invalid data found when processing input", "v.mp4: Invalid data found when processing input")]
    [InlineData("ffmpeg failed (file:///opt/pivault/thumbs/x.tmp.webp)", "ffmpeg failed (file://x.tmp.webp)")]
    [InlineData("libvips.so.42 not found in /usr/lib/x86_64-linux-gnu/", "libvips.so.42 not found in ")]
    // Not paths: kept as they are.
    [InlineData("Send the upload as multipart/form-data with the file in a part named \"file\".", "Send the upload as multipart/form-data with the file in a part named \"file\".")]
    [InlineData("The original file is missing from the library (u1/2024/05/a.jpg).", "The original file is missing from the library (u1/2024/05/a.jpg).")]
    [InlineData("See /api/v1/assets/abc/thumbnail, 1/2 done.", "See /api/v1/assets/abc/thumbnail, 1/2 done.")]
    public void Absolute_paths_become_their_file_names(string text, string expected) =>
        Assert.Equal(expected, Redaction.Redact(text));
}
