namespace PiVault.Server.Features.Metadata;

/// <summary>When a photo was taken: the instant, the wall clock, the offset between them if known, and where each came from.</summary>
internal readonly record struct CaptureDate(DateTimeOffset Utc, DateTime Local, TimeSpan? Offset, string Source, string? OffsetSource)
{
    /// <summary>True when the instant is what the file stored (QuickTime mvhd, file time) and the wall clock was derived.</summary>
    public bool UtcIsExact { get; init; }

    /// <summary>
    /// Fills in an unknown offset from the time zone at the GPS position ("gps-zone"), with that zone's rules (DST) at
    /// that date: the wall clock gives the instant, or, for instants stored as UTC, the instant gives the wall clock.
    /// </summary>
    public CaptureDate InZone(TimeZoneInfo zone)
    {
        if (Offset is not null)
        {
            return this;
        }
        if (UtcIsExact)
        {
            var offset = WholeMinutes(zone.GetUtcOffset(Utc));
            return this with { Local = DateTime.SpecifyKind(Utc.UtcDateTime + offset, DateTimeKind.Unspecified), Offset = offset, OffsetSource = "gps-zone" };
        }
        var wallOffset = WholeMinutes(zone.GetUtcOffset(DateTime.SpecifyKind(Local, DateTimeKind.Unspecified)));
        return this with { Utc = new DateTimeOffset(Local, wallOffset).ToUniversalTime(), Offset = wallOffset, OffsetSource = "gps-zone" };
    }

    // Zone histories before standard time have offsets with seconds, which DateTimeOffset does not take.
    private static TimeSpan WholeMinutes(TimeSpan offset) => TimeSpan.FromMinutes(Math.Truncate(offset.TotalMinutes));

    // A GPS clock this close to a whole quarter hour from the camera clock gives the offset; a stale fix does not.
    private static readonly TimeSpan GpsClockTolerance = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Applies the fallback chain: EXIF DateTimeOriginal → CreateDate (DateTimeDigitized); XMP and IPTC capture dates;
    /// EXIF ModifyDate (an edit time, so after XMP's capture dates); QuickTime (before XMP in movies, whose own clock
    /// is the better one); the file name; the file time.
    /// </summary>
    public static CaptureDate Resolve(FoundMetadata found, string originalFileName, DateTimeOffset fileModifiedAt)
    {
        if (found.Format == "quicktime")
        {
            return FromExif(found, found.Original, found.Digitized) ?? FromQuickTime(found) ?? FromXmp(found)
                ?? FromExif(found, found.Modified) ?? FromFileName(originalFileName) ?? FromFile(fileModifiedAt);
        }
        return FromExif(found, found.Original, found.Digitized) ?? FromXmp(found) ?? FromExif(found, found.Modified)
            ?? FromQuickTime(found) ?? FromFileName(originalFileName) ?? FromFile(fileModifiedAt);
    }

    private static CaptureDate FromFile(DateTimeOffset fileModifiedAt) =>
        new(fileModifiedAt, fileModifiedAt.DateTime, null, "file", null) { UtcIsExact = true };

    private static CaptureDate? FromExif(FoundMetadata found, params ReadOnlySpan<ExifDate> dates)
    {
        foreach (var date in dates)
        {
            if (DateText.TryParse(date.Value) is not { HasTime: true } parsed)
            {
                continue;
            }
            var wall = parsed.WallClock.Ticks % TimeSpan.TicksPerSecond == 0 ? parsed.WallClock + DateText.SubSeconds(date.SubSeconds) : parsed.WallClock;
            if ((DateText.TryParseOffset(date.Offset) ?? parsed.Offset) is { } offset)
            {
                return FromWallClock(wall, offset, "exif", "exif");
            }
            return GpsClockOffset(wall, found.GpsTimeUtc) is { } gpsOffset
                ? FromWallClock(wall, gpsOffset, "exif", "gps-time")
                : FromWallClock(wall, null, "exif", null);
        }
        return null;
    }

    /// <summary>
    /// XMP exif:DateTimeOriginal, xmp:CreateDate, photoshop:DateCreated, then IPTC's DateCreated+TimeCreated (the order
    /// of exiftool's and Immich's tag priorities). A value with a time beats a date-only one.
    /// </summary>
    private static CaptureDate? FromXmp(FoundMetadata found)
    {
        ReadOnlySpan<(string? Text, string Source)> candidates =
            [(found.XmpDateTimeOriginal, "xmp"), (found.XmpCreateDate, "xmp"), (found.XmpDateCreated, "xmp"), (found.IptcDateCreated, "iptc")];
        ParsedDate? dateOnly = null;
        var dateOnlySource = "xmp";
        foreach (var (text, source) in candidates)
        {
            if (DateText.TryParse(text) is not { } parsed)
            {
                continue;
            }
            if (parsed.HasTime)
            {
                return FromWallClock(parsed.WallClock, parsed.Offset, source, parsed.Offset is null ? null : source);
            }
            if (dateOnly is null)
            {
                (dateOnly, dateOnlySource) = (parsed, source);
            }
        }
        return dateOnly is { } day ? FromWallClock(day.WallClock, day.Offset, dateOnlySource, null) : null;
    }

    private static CaptureDate? FromQuickTime(FoundMetadata found)
    {
        if (DateText.TryParse(found.QuickTimeCreationDate) is { HasTime: true } apple)
        {
            return FromWallClock(apple.WallClock, apple.Offset, "quicktime", apple.Offset is null ? null : "quicktime");
        }
        if (found.QuickTimeCreatedUtc is { } utc)
        {
            // mvhd stores UTC and no zone: the instant is known, the wall clock is not.
            return new CaptureDate(new DateTimeOffset(utc, TimeSpan.Zero), utc, null, "quicktime", null) { UtcIsExact = true };
        }
        return null;
    }

    private static CaptureDate? FromFileName(string originalFileName) =>
        FileNameDate.TryParse(originalFileName) is { } parsed ? FromWallClock(parsed.WallClock, null, "filename", null) : null;

    /// <summary>A wall clock with a known offset, or (offset null) assumed to be UTC.</summary>
    private static CaptureDate FromWallClock(DateTime wall, TimeSpan? offset, string source, string? offsetSource)
    {
        var local = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        var utc = new DateTimeOffset(local, offset ?? TimeSpan.Zero).ToUniversalTime();
        return new CaptureDate(utc, local, offset, source, offset is null ? null : offsetSource);
    }

    /// <summary>Camera clock minus the GPS (UTC) clock, when it is a plausible whole quarter hour.</summary>
    internal static TimeSpan? GpsClockOffset(DateTime wall, DateTime? gpsUtc)
    {
        if (gpsUtc is null)
        {
            return null;
        }
        var difference = wall - gpsUtc.Value;
        var quarters = Math.Round(difference.TotalMinutes / 15);
        var rounded = TimeSpan.FromMinutes(quarters * 15);
        if (Math.Abs(rounded.TotalHours) > 14 || (difference - rounded).Duration() > GpsClockTolerance)
        {
            return null;
        }
        return rounded;
    }
}
