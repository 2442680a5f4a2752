using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.Places;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Metadata;

/// <summary>geo-tz's boundary data, loaded once for the class.</summary>
public sealed class TimeZonesFixture
{
    public static string DataFolder => Path.Combine(Uploads.RepoRoot, "deps", "node_modules", "geo-tz", "data");

    public GeoTzTimeZoneLocator Locator { get; } = new(DataFolder);
}

public sealed class TimeZoneLocatorTests(TimeZonesFixture zones) : IClassFixture<TimeZonesFixture>
{
    [Theory]
    [InlineData(48.8566, 2.3522, "Europe/Paris")]
    [InlineData(40.7128, -74.0060, "America/New_York")]
    [InlineData(33.4484, -112.0740, "America/Phoenix")]
    [InlineData(-33.8688, 151.2093, "Australia/Sydney")]
    [InlineData(27.7172, 85.3240, "Asia/Kathmandu")]
    [InlineData(43.4672, 11.8854, "Europe/Rome")]
    // Either side of a border: Strasbourg and Kehl across the Rhine.
    [InlineData(48.5734, 7.7521, "Europe/Paris")]
    [InlineData(48.5785, 7.8155, "Europe/Berlin")]
    // Open sea gets the nautical zone.
    [InlineData(30.0, -40.0, "Etc/GMT+3")]
    [InlineData(-50.0, 100.0, "Etc/GMT-7")]
    public void Finds_the_zone_at_a_position(double latitude, double longitude, string zone) =>
        Assert.Equal(zone, zones.Locator.TimeZoneAt(latitude, longitude));

    [Fact]
    public void Nonsense_positions_and_missing_data_give_no_zone()
    {
        Assert.Null(zones.Locator.TimeZoneAt(double.NaN, 0));
        Assert.Null(zones.Locator.TimeZoneAt(95, 0));
        var missing = new GeoTzTimeZoneLocator("/nonexistent");
        Assert.Null(missing.TimeZoneAt(48.8566, 2.3522));
        Assert.False(missing.IsAvailable);
    }

    [Fact]
    public void A_photo_without_offset_tags_gets_the_offset_of_the_zone_at_its_position()
    {
        // Arezzo in October 2008: CEST, UTC+2.
        var metadata = new MetadataReader(zones.Locator).Read(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg"), "x.jpg", DateTimeOffset.UnixEpoch);

        Assert.Equal(("Europe/Rome", "gps-zone", TimeSpan.FromHours(2)), (metadata.TimeZoneId, metadata.UtcOffsetSource, metadata.UtcOffset));
        Assert.Equal(new DateTime(2008, 10, 22, 16, 29, 49), metadata.TakenAtLocal);
        Assert.Equal(new DateTimeOffset(2008, 10, 22, 14, 29, 49, TimeSpan.Zero), metadata.TakenAtUtc);
    }

    [Fact]
    public void A_movie_stored_in_utc_gets_its_wall_clock_from_the_zone()
    {
        // mvhd says 2017-02-22 08:20:28 UTC; pretend the position is in New York (EST, UTC-5).
        var metadata = new MetadataReader(new FixedZone("America/New_York")).Read(Uploads.CorpusFile("mei/mp4/with-gps.mp4"), "clip.mp4", DateTimeOffset.UnixEpoch);

        Assert.Equal(new DateTimeOffset(2017, 2, 22, 8, 20, 28, TimeSpan.Zero), metadata.TakenAtUtc);
        Assert.Equal(new DateTime(2017, 2, 22, 3, 20, 28), metadata.TakenAtLocal);
        Assert.Equal(TimeSpan.FromHours(-5), metadata.UtcOffset);
    }

    [Fact]
    public void Offsets_written_by_the_camera_win_over_the_zone()
    {
        var metadata = new MetadataReader(new FixedZone("Asia/Tokyo")).Read(Uploads.CorpusFile("exif-samples/heic/IMG_5195.HEIC"), "x.heic", DateTimeOffset.UnixEpoch);

        Assert.Equal(("exif", TimeSpan.FromHours(-5), "Asia/Tokyo"), (metadata.UtcOffsetSource, metadata.UtcOffset, metadata.TimeZoneId));
    }

    [Fact]
    public void An_unknown_zone_id_is_ignored()
    {
        var metadata = new MetadataReader(new FixedZone("Mars/Olympus_Mons")).Read(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg"), "x.jpg", DateTimeOffset.UnixEpoch);

        Assert.Null(metadata.TimeZoneId);
        Assert.Null(metadata.UtcOffset);
    }

    private sealed class FixedZone(string id) : ITimeZoneLocator
    {
        public string? TimeZoneAt(double latitude, double longitude) => id;
    }
}
