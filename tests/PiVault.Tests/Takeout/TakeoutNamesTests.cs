using PiVault.Server.Features.Takeout;

namespace PiVault.Tests.Takeout;

/// <summary>Google's naming quirks, one row each: which sidecar belongs to which photo or video.</summary>
public sealed class TakeoutNamesTests
{
    private const string Long = "PXL_20190704_183011123.PORTRAIT-01.COVER_and_more.jpg";

    public static TheoryData<string, string[], string?> Matches() => new()
    {
        { "IMG_0001.jpg", ["IMG_0001.jpg.json", "IMG_0002.jpg.json"], "IMG_0001.jpg.json" },
        // "(1)" after the extension in the sidecar, before it in the photo; the un-numbered one keeps its own.
        { "IMG_0002(1).jpg", ["IMG_0002.jpg.json", "IMG_0002.jpg(1).json"], "IMG_0002.jpg(1).json" },
        { "IMG_0002.jpg", ["IMG_0002.jpg(1).json", "IMG_0002.jpg.json"], "IMG_0002.jpg.json" },
        // "(1)" before the extension in both.
        { "IMG_0003(1).jpg", ["IMG_0003.jpg.json", "IMG_0003(1).jpg.json"], "IMG_0003(1).jpg.json" },
        // Cut at 46 characters.
        { Long, [Long[..46] + ".json"], Long[..46] + ".json" },
        // .supplemental-metadata and its cuts.
        { "IMG_0005.jpg", ["IMG_0005.jpg.supplemental-metadata.json"], "IMG_0005.jpg.supplemental-metadata.json" },
        { "IMG_0005.jpg", ["IMG_0005.jpg.supplemental-metad.json"], "IMG_0005.jpg.supplemental-metad.json" },
        { "IMG_0005.jpg", ["IMG_0005.jpg.suppl.json"], "IMG_0005.jpg.suppl.json" },
        { "IMG_0005(2).jpg", ["IMG_0005.jpg.supplemental-metadata(2).json", "IMG_0005.jpg.supplemental-metadata.json"], "IMG_0005.jpg.supplemental-metadata(2).json" },
        { "IMG_20190801_123456789_HDR.jpg", ["IMG_20190801_123456789_HDR.jpg.supplemental-me.json"], "IMG_20190801_123456789_HDR.jpg.supplemental-me.json" },
        // Edited copies, English and localised (NFD "modifié" too).
        { "IMG_0006-edited.jpg", ["IMG_0006.jpg.json"], "IMG_0006.jpg.json" },
        { "IMG_0007-bearbeitet.jpg", ["IMG_0007.jpg.json"], "IMG_0007.jpg.json" },
        { "IMG_0008-modifie\u0301.jpg", ["IMG_0008.jpg.json"], "IMG_0008.jpg.json" },
        { "IMG_0009(1)-edited.jpg", ["IMG_0009.jpg.json", "IMG_0009.jpg(1).json"], "IMG_0009.jpg(1).json" },
        // A Live Photo's video takes its still's sidecar; old exports named sidecars without the extension.
        { "IMG_5195.MOV", ["IMG_5195.HEIC.json"], "IMG_5195.HEIC.json" },
        { "IMG_5196.jpg", ["IMG_5196.json"], "IMG_5196.json" },
        // Nothing that fits.
        { "IMG_7777.jpg", ["IMG_0001.jpg.json", "IMG_7.json"], null },
        { "IMG_0002(1).jpg", ["IMG_0002.jpg.json"], null },
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public void Each_photo_finds_its_sidecar(string media, string[] sidecars, string? expected)
    {
        var parsed = sidecars.Select(TakeoutNames.ParseSidecar).ToList();
        var match = TakeoutNames.Match(media, parsed, s => s, _ => null);
        Assert.Equal(expected, match?.FileName);
    }

    [Fact]
    public void The_title_inside_the_sidecar_finds_a_photo_whose_name_matches_nothing_else()
    {
        var sidecars = new[] { new FolderSidecar(TakeoutNames.ParseSidecar("random-google-id.json"), TakeoutSidecar.Empty with { Title = "Holiday at the lake.jpg" }) };
        Assert.Same(sidecars[0], new TakeoutFolder("", sidecars, null).SidecarOf("Holiday at the lake.jpg"));
    }

    [Theory]
    [InlineData("Photos from 2019", false)]
    [InlineData("Fotos von 2021", false)]
    [InlineData("Google Photos", false)]
    [InlineData("Archive", false)]
    [InlineData("Trip to Paris", true)]
    [InlineData("2019 photos I like", true)]
    public void Year_folders_and_Googles_own_are_not_albums(string folder, bool album) => Assert.Equal(album, TakeoutNames.IsAlbumFolder(folder));

    [Fact]
    public void A_sidecar_gives_its_date_place_description_and_flags_and_zero_zero_is_no_place()
    {
        var sidecar = TakeoutSidecar.Parse("""
            {"title":"a.jpg","description":"hello","photoTakenTime":{"timestamp":"1556189729"},
             "geoData":{"latitude":0.0,"longitude":0.0},"geoDataExif":{"latitude":12.5,"longitude":-3.25},"favorited":true,"archived":true}
            """);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1556189729), sidecar.TakenAt);
        Assert.Equal((12.5, -3.25), (sidecar.Latitude!.Value, sidecar.Longitude!.Value));
        Assert.Equal(("hello", true, true, false), (sidecar.Description, sidecar.Favorited, sidecar.Archived, sidecar.Trashed));
        var nowhere = TakeoutSidecar.Parse("""{"geoData":{"latitude":0,"longitude":0},"geoDataExif":{"latitude":0,"longitude":0},"description":""}""");
        Assert.Equal((null, null, null), (nowhere.Latitude, nowhere.Longitude, nowhere.Description));
        Assert.Equal(TakeoutSidecar.Empty, TakeoutSidecar.Parse("not json {"));
        Assert.Equal("Paris 2019", TakeoutSidecar.AlbumTitle("""{"title":"Paris 2019"}"""));
        Assert.Equal("Old style", TakeoutSidecar.AlbumTitle("""{"albumData":{"title":"Old style"}}"""));
    }
}
