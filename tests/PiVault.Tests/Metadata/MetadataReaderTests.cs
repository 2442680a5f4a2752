using System.Globalization;
using PiVault.Server.Features.Metadata;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Metadata;

/// <summary>Expected values per corpus file, checked against exiftool by hand: several makers, every container, RAW, videos with GPS, rotations.</summary>
public sealed class MetadataReaderTests
{
    /// <param name="Local">Wall clock, "yyyy-MM-dd HH:mm:ss.fff".</param>
    /// <param name="Offset">"+02:00", or null when unknown. Apple.jpg, Sony_DSC-HX5V_2.jpg and Issue_473_Java.webp have no
    /// OffsetTime tags: their offset comes from the GPS clock (BST in Sheffield, CEST in Germany, PDT in Sunnyvale).</param>
    public sealed record Expected(string File, string Format, string Local, string? Offset, string Source, double? Latitude, double? Longitude, int? Orientation, string? Make, string? Model)
    {
        public override string ToString() => File;
    }

    public static TheoryData<Expected> Files => new(
        // JPEG, five makers.
        new Expected("mei/jpg/Nexus_4.jpg", "jpeg", "2013-01-20 18:54:08.000", null, "exif", 51.5624657, -0.0773322, null, "LGE", "Nexus 4"),
        new Expected("exif-samples/jpg/gps/DSCN0012.jpg", "jpeg", "2008-10-22 16:29:49.000", null, "exif", 43.4671567, 11.885395, 1, "NIKON", "COOLPIX P6000"),
        new Expected("exiftool-t-images/Apple.jpg", "jpeg", "2016-09-28 18:18:05.813", "+01:00", "exif", 53.3828472, -1.4566778, 1, "Apple", "iPhone 7"),
        new Expected("mei/jpg/Sony_DSC-HX5V_2.jpg", "jpeg", "2010-05-15 17:12:05.000", "+02:00", "exif", 51.778615, 8.3656381, 1, "SONY", "DSC-HX5V"),
        new Expected("mei/jpg/FujiFilm_FinePixS2Pro.jpg", "jpeg", "2002-08-24 13:59:08.000", null, "exif", 48.8578333, 2.297, 1, "FUJIFILM", "FinePixS2Pro"),
        // HEIC with OffsetTimeOriginal and SubSecTimeOriginal; AVIF; PNG; WebP.
        new Expected("mei/heic/Issue_437_dotnet.heic", "heif", "2025-05-09 11:38:44.823", "+02:00", "exif", null, null, 6, "samsung", "Galaxy S24 FE"),
        new Expected("exif-samples/heic/IMG_5195.HEIC", "heif", "2021-04-11 15:47:53.054", "-05:00", "exif", 39.0513444, -94.2887722, null, "Apple", "iPhone 11 Pro Max"),
        new Expected("libvips-test/avif-orientation-6.avif", "heif", "2020-03-05 11:28:10.150", null, "exif", 50.43975, 30.5020722, 1, "Apple", "iPhone XS"),
        new Expected("mei/png/Issue_356_dotnet.png", "png", "1988-12-01 18:53:44.000", null, "xmp", null, null, 1, null, null),
        new Expected("mei/webp/Issue_473_Java.webp", "webp", "2018-08-27 12:20:23.738", "-07:00", "exif", 37.3926778, -122.0409694, 6, "Apple", "iPhone X"),
        // RAW: Sony ARW, Canon CR3 (CMT boxes), Panasonic RW2 ('IIU'), Nikon NEF.
        new Expected("exif-py/raw/sony_alpha_a7iii_raw_image.ARW", "tiff", "2024-09-14 13:54:44.000", "+02:00", "exif", null, null, 1, "SONY", "ILCE-7M3"),
        new Expected("file-type/fixture.cr3", "cr3", "2019-12-05 13:32:49.540", "+08:00", "exif", null, null, 6, "Canon", "Canon EOS R"),
        new Expected("exiftool-t-images/Panasonic.rw2", "tiff", "2008-08-06 15:21:56.000", null, "exif", null, null, 1, "Panasonic", "DMC-LX3"),
        new Expected("exiftool-t-images/Nikon.nef", "tiff", "2004-06-09 16:02:35.000", null, "exif", null, null, 1, "NIKON CORPORATION", "NIKON D70"),
        // Canon CIFF: a CRW raw and a PowerShot A5 JPEG that has CIFF in APP0 instead of EXIF.
        new Expected("exiftool-t-images/CanonRaw.crw", "crw", "2003-11-10 17:39:26.000", null, "exif", null, null, null, "Canon", "Canon EOS DIGITAL REBEL"),
        new Expected("exif-samples/jpg/exif-org/sony-powershota5.jpg", "jpeg", "2000-10-27 22:56:26.000", null, "exif", null, null, null, "Canon", "Canon PowerShot A5"),
        // Videos: MP4 ©xyz, iPhone MOV mdta keys (creation date with offset), Samsung MP4 (3GPP loci + date atom).
        new Expected("mei/mp4/with-gps.mp4", "quicktime", "2017-02-22 08:20:28.000", null, "quicktime", 51.4169, -0.0806, null, null, null),
        new Expected("mei/mov/with-gps.mov", "quicktime", "2019-07-24 11:25:40.000", "+03:00", "quicktime", 32.0929, 34.862, null, "Apple", "iPhone 6"),
        new Expected("mei/mp4/Issue_515_java.mp4", "quicktime", "2020-11-20 15:04:02.000", "+01:00", "quicktime", 52.36929, 6.67609, null, null, null),
        // Rotated images.
        new Expected("exif-orientation-examples/Landscape_6.jpg", "jpeg", "2000-01-01 00:00:00.000", null, "file", null, null, 6, null, null),
        new Expected("exif-orientation-examples/Portrait_8.jpg", "jpeg", "2000-01-01 00:00:00.000", null, "file", null, null, 8, null, null),
        // IPTC (Photo Mechanic) and XMP-only dates.
        new Expected("exiftool-t-images/PhotoMechanic.jpg", "jpeg", "2006-10-29 06:27:51.000", "-05:00", "iptc", null, null, null, null, null),
        new Expected("exif-samples/jpg/xmp/no_exif.jpg", "jpeg", "2013-09-23 10:09:46.000", "+02:00", "xmp", null, null, 1, null, null));

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_the_expected_values(Expected expected)
    {
        var fileTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var metadata = new MetadataReader().Read(Uploads.CorpusFile(expected.File), "upload.bin", fileTime);

        Assert.Null(metadata.Problem);
        Assert.Equal(expected.Format, metadata.Format);
        Assert.Equal(expected.Source, metadata.DateSource);
        Assert.Equal(expected.Local, metadata.TakenAtLocal?.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
        Assert.Equal(expected.Offset, metadata.UtcOffset is { } o ? (o < TimeSpan.Zero ? "-" : "+") + o.ToString(@"hh\:mm", CultureInfo.InvariantCulture) : null);
        var expectedUtc = DateTime.ParseExact(expected.Local, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) - (metadata.UtcOffset ?? TimeSpan.Zero);
        Assert.Equal(expectedUtc, metadata.TakenAtUtc!.Value.UtcDateTime);
        AssertClose(expected.Latitude, metadata.Latitude);
        AssertClose(expected.Longitude, metadata.Longitude);
        Assert.Equal(expected.Orientation, metadata.Orientation);
        Assert.Equal(expected.Make, metadata.Make);
        Assert.Equal(expected.Model, metadata.Model);
    }

    [Theory]
    [InlineData("exiftool-t-images/Apple.jpg", "gps-time")]
    [InlineData("mei/heic/Issue_437_dotnet.heic", "exif")]
    [InlineData("mei/mov/with-gps.mov", "quicktime")]
    [InlineData("mei/jpg/Nexus_4.jpg", null)]
    public void Says_where_the_offset_came_from(string file, string? source)
    {
        var metadata = new MetadataReader().Read(Uploads.CorpusFile(file), "upload.bin", DateTimeOffset.UnixEpoch);

        Assert.Equal(source, metadata.UtcOffsetSource);
    }

    [Fact]
    public void Reads_camera_settings_and_size()
    {
        var metadata = new MetadataReader().Read(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg"), "DSCN0012.jpg", DateTimeOffset.UnixEpoch);

        Assert.Equal(640, metadata.Width);
        Assert.Equal(480, metadata.Height);
        Assert.NotNull(metadata.ExposureSeconds);
        Assert.NotNull(metadata.FNumber);
        Assert.NotNull(metadata.Iso);
        Assert.NotNull(metadata.FocalLengthMm);
    }

    [Fact]
    public void Reads_video_duration_and_frame_size()
    {
        var metadata = new MetadataReader().Read(Uploads.CorpusFile("mei/mp4/Issue_515_java.mp4"), "clip.mp4", DateTimeOffset.UnixEpoch);

        Assert.Equal(3.6, metadata.DurationSeconds!.Value, 1);
        Assert.Equal(1280, metadata.Width);
        Assert.Equal(720, metadata.Height);
    }

    [Fact]
    public void A_file_without_dates_falls_back_to_its_name_then_to_the_file_time()
    {
        var path = Uploads.CorpusFile("exif-orientation-examples/Landscape_1.jpg");
        var fileTime = new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

        var named = new MetadataReader().Read(path, "PXL_20240102_123456789.jpg", fileTime);
        var unnamed = new MetadataReader().Read(path, "holiday.jpg", fileTime);

        Assert.Equal(("filename", new DateTime(2024, 1, 2, 12, 34, 56, 789)), (named.DateSource, named.TakenAtLocal!.Value));
        Assert.Equal(("file", fileTime), (unnamed.DateSource, unnamed.TakenAtUtc!.Value));
    }

    [Fact]
    public void Missing_and_unreadable_files_return_the_fallback_instead_of_throwing()
    {
        var fileTime = new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

        var metadata = new MetadataReader().Read("/nonexistent/IMG_20240102_123456.jpg", "IMG_20240102_123456.jpg", fileTime);

        Assert.Equal("filename", metadata.DateSource);
        Assert.NotNull(metadata.Problem);
    }

    private static void AssertClose(double? expected, double? actual)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        // 3GPP loci stores 16.16 fixed point: 1.5e-5 degrees of resolution.
        Assert.InRange(actual.Value, expected.Value - 2e-5, expected.Value + 2e-5);
    }
}
