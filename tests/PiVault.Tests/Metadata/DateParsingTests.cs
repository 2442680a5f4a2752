using PiVault.Server.Features.Metadata;

namespace PiVault.Tests.Metadata;

/// <summary>Date text, file-name dates, ISO 6709 and the date fallback chain, table-driven without files.</summary>
public sealed class DateParsingTests
{
    [Theory]
    [InlineData("2024:01:02 12:34:56", "2024-01-02T12:34:56.0000000", null)]
    [InlineData("2024-01-02T12:34:56.5+01:00", "2024-01-02T12:34:56.5000000", "01:00:00")]
    [InlineData("2019-06-23T14:15:09+0300", "2019-06-23T14:15:09.0000000", "03:00:00")]
    [InlineData("2005-12-17T22:03:32Z", "2005-12-17T22:03:32.0000000", "00:00:00")]
    [InlineData("2009/10/27 12:14:34", "2009-10-27T12:14:34.0000000", null)]
    [InlineData("2020:01:05 15:04", "2020-01-05T15:04:00.0000000", null)]
    [InlineData("2003-08-31", "2003-08-31T00:00:00.0000000", null)]
    [InlineData("2024:01:02 12:34:56\0\0", "2024-01-02T12:34:56.0000000", null)]
    public void Parses_the_spellings_found_in_files(string text, string wallClock, string? offset)
    {
        var parsed = DateText.TryParse(text);

        Assert.NotNull(parsed);
        Assert.Equal(wallClock, parsed.Value.WallClock.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(offset, parsed.Value.Offset?.ToString());
    }

    [Theory]
    [InlineData("0000:00:00 00:00:00")]
    [InlineData("    :  :     :  :  ")]
    [InlineData("2024:13:01 00:00:00")]
    [InlineData("2023:02:29 10:00:00")]
    [InlineData("2024:01:02 25:00:00")]
    [InlineData("garbage")]
    [InlineData("")]
    public void Rejects_blank_zero_and_impossible_dates(string text) => Assert.Null(DateText.TryParse(text));

    [Theory]
    [InlineData("+02:00", 120)]
    [InlineData("-05:30", -330)]
    [InlineData("+0100", 60)]
    [InlineData("Z", 0)]
    [InlineData("+15:00", null)]
    [InlineData("  :  ", null)]
    public void Parses_offsets(string text, int? minutes) =>
        Assert.Equal(minutes is null ? null : TimeSpan.FromMinutes(minutes.Value), DateText.TryParseOffset(text));

    [Theory]
    [InlineData("5", 500)]
    [InlineData("050", 50)]
    [InlineData("813", 813)]
    [InlineData("xx", 0)]
    public void Sub_seconds_are_a_decimal_fraction(string digits, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DateText.SubSeconds(digits));

    [Theory]
    [InlineData("IMG_20240102_123456.jpg", "2024-01-02 12:34:56.000")]
    [InlineData("VID_20240102_123456.mp4", "2024-01-02 12:34:56.000")]
    [InlineData("PXL_20240102_123456789.jpg", "2024-01-02 12:34:56.789")]
    [InlineData("PXL_20240102_123456789.MP.jpg", "2024-01-02 12:34:56.789")]
    [InlineData("20240102_123456.jpg", "2024-01-02 12:34:56.000")]
    [InlineData("2024-01-02 12.34.56.jpg", "2024-01-02 12:34:56.000")]
    [InlineData("Screenshot_20240102-123456.png", "2024-01-02 12:34:56.000")]
    [InlineData("Screenshot_2024-01-02-12-34-56-789_com.app.jpg", "2024-01-02 12:34:56.000")]
    [InlineData("signal-2024-01-02-123456.jpg", "2024-01-02 12:34:56.000")]
    [InlineData("IMG-20240102-WA0001.jpg", "2024-01-02 00:00:00.000")]
    [InlineData("VID-20240102-WA0012.mp4", "2024-01-02 00:00:00.000")]
    public void Reads_dates_from_phone_file_names(string fileName, string expected)
    {
        var parsed = FileNameDate.TryParse(fileName);

        Assert.NotNull(parsed);
        Assert.Equal(expected, parsed.Value.WallClock.ToString("yyyy-MM-dd HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(!fileName.Contains("-WA", StringComparison.Ordinal), parsed.Value.HasTime);
    }

    [Theory]
    [InlineData("IMG_1234.jpg")]
    [InlineData("DSC01234.JPG")]
    [InlineData("IMG_20241399_123456.jpg")]
    [InlineData("holiday 2024.jpg")]
    [InlineData("")]
    public void Ignores_names_without_a_date(string fileName) => Assert.Null(FileNameDate.TryParse(fileName));

    [Theory]
    [InlineData("+51.4169-000.0806/", 51.4169, -0.0806, null)]
    [InlineData("+37.3318-122.0312+012.345/", 37.3318, -122.0312, 12.345)]
    [InlineData("+4852.20+00217.70/", 48.87, 2.295, null)]
    public void Parses_iso6709(string text, double latitude, double longitude, double? altitude)
    {
        var location = Iso6709.TryParse(text);

        Assert.NotNull(location);
        Assert.Equal(latitude, location.Value.Latitude, 6);
        Assert.Equal(longitude, location.Value.Longitude, 6);
        Assert.Equal(altitude, location.Value.Altitude);
    }

    [Theory]
    [InlineData("48,51.47N", 48.857833)]
    [InlineData("2,17.82E", 2.297)]
    [InlineData("122,2.458W", -122.040967)]
    [InlineData("33,52,12S", -33.87)]
    public void Parses_xmp_coordinates(string text, double expected) => Assert.Equal(expected, XmpReader.ParseCoordinate(text)!.Value, 5);

    [Fact]
    public void Original_beats_digitized_beats_xmp_beats_modified()
    {
        var found = new FoundMetadata();
        found.Modified.SetValue("2024:03:03 03:03:03");
        found.SetXmpCreateDate("2024-02-02T02:02:02");
        Assert.Equal(("xmp", 2), Resolve(found));
        found.Digitized.SetValue("2024:01:01 01:01:01");
        Assert.Equal(("exif", 1), Resolve(found));
        found.Original.SetValue("2024:04:04 04:04:04");
        Assert.Equal(("exif", 4), Resolve(found));
    }

    [Fact]
    public void In_movies_the_quicktime_date_beats_xmp()
    {
        var found = new FoundMetadata { Format = "quicktime" };
        found.SetXmpCreateDate("2024-02-02T02:02:02");
        found.SetQuickTimeCreatedUtc(new DateTime(2024, 5, 5, 5, 5, 5, DateTimeKind.Utc));

        Assert.Equal(("quicktime", 5), Resolve(found));
    }

    [Fact]
    public void A_date_with_a_time_beats_a_date_only_xmp_value()
    {
        var found = new FoundMetadata();
        found.SetXmpDateCreated("2003-08-31");
        found.SetXmpCreateDate("2005-12-17T22:03:32Z");

        var date = CaptureDate.Resolve(found, "x.jpg", DateTimeOffset.UnixEpoch);

        Assert.Equal(new DateTime(2005, 12, 17, 22, 3, 32), date.Local);
        Assert.Equal(TimeSpan.Zero, date.Offset);
    }

    [Fact]
    public void Offset_time_original_gives_the_instant()
    {
        var found = new FoundMetadata();
        found.Original.SetValue("2025:05:09 11:38:44");
        found.Original.SetSubSeconds("823");
        found.Original.SetOffset("+02:00");

        var date = CaptureDate.Resolve(found, "x.jpg", DateTimeOffset.UnixEpoch);

        Assert.Equal(new DateTime(2025, 5, 9, 11, 38, 44, 823), date.Local);
        Assert.Equal(new DateTimeOffset(2025, 5, 9, 9, 38, 44, 823, TimeSpan.Zero), date.Utc);
        Assert.Equal("exif", date.OffsetSource);
    }

    [Fact]
    public void Without_an_offset_the_wall_clock_is_taken_as_utc()
    {
        var found = new FoundMetadata();
        found.Original.SetValue("2024:01:02 12:34:56");

        var date = CaptureDate.Resolve(found, "x.jpg", DateTimeOffset.UnixEpoch);

        Assert.Null(date.Offset);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 12, 34, 56, TimeSpan.Zero), date.Utc);
    }

    [Theory]
    [InlineData("2024-07-01 14:00:00", "2024-07-01 12:00:30", 120)]
    [InlineData("2024-07-01 02:00:00", "2024-07-01 07:01:00", -300)]
    [InlineData("2024-07-01 18:00:00", "2024-07-01 12:15:00", 345)]
    [InlineData("2024-07-01 14:00:00", "2024-07-01 12:07:00", null)]
    [InlineData("2024-07-01 14:00:00", "2024-06-30 12:00:00", null)]
    public void The_gps_clock_gives_the_offset_only_when_it_is_a_whole_quarter_hour_away(string wall, string gpsUtc, int? minutes)
    {
        var offset = CaptureDate.GpsClockOffset(DateTime.Parse(wall, System.Globalization.CultureInfo.InvariantCulture), DateTime.Parse(gpsUtc, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(minutes is null ? null : TimeSpan.FromMinutes(minutes.Value), offset);
    }

    [Fact]
    public void Unset_quicktime_times_are_ignored()
    {
        var found = new FoundMetadata { Format = "quicktime" };
        found.SetQuickTimeCreatedUtc(new DateTime(1904, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal("file", CaptureDate.Resolve(found, "clip.mp4", DateTimeOffset.UnixEpoch).Source);
    }

    private static (string Source, int Hour) Resolve(FoundMetadata found)
    {
        var date = CaptureDate.Resolve(found, "x.jpg", DateTimeOffset.UnixEpoch);
        return (date.Source, date.Local.Hour);
    }
}
