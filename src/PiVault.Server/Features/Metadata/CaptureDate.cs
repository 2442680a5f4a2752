namespace PiVault.Server.Features.Metadata;

/// <summary>When a photo was taken: the instant, the wall clock, the offset between them if known, and where each came from.</summary>
internal readonly record struct CaptureDate(DateTimeOffset Utc, DateTime Local, TimeSpan? Offset, string Source, string? OffsetSource)
{
    // A GPS clock this close to a whole quarter hour from the camera clock gives the offset; a stale fix does not.
    private static readonly TimeSpan GpsClockTolerance = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Applies the fallback chain: EXIF DateTimeOriginal → CreateDate (DateTimeDigitized) → ModifyDate, then XMP, then
    /// QuickTime (before XMP in movies, whose own clock is the better one), then the file name, then the file time.
    /// </summary>
    public static CaptureDate Resolve(FoundMetadata found, string originalFileName, DateTimeOffset fileModifiedAt)
    {
        var isMovie = found.Format == "quicktime";
        return FromExif(found)
            ?? (isMovie ? FromQuickTime(found) ?? FromXmp(found) : FromXmp(found) ?? FromQuickTime(found))
            ?? FromFileName(originalFileName)
            ?? new CaptureDate(fileModifiedAt, fileModifiedAt.DateTime, null, "file", null);
    }

    private static CaptureDate? FromExif(FoundMetadata found)
    {
        foreach (var date in (ReadOnlySpan<ExifDate>)[found.Original, found.Digitized, found.Modified])
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

    private static CaptureDate? FromXmp(FoundMetadata found)
    {
        foreach (var text in (ReadOnlySpan<string?>)[found.XmpDateCreated, found.XmpCreateDate, found.XmpDateTimeOriginal])
        {
            if (DateText.TryParse(text) is { } parsed)
            {
                return FromWallClock(parsed.WallClock, parsed.Offset, "xmp", parsed.Offset is null ? null : "xmp");
            }
        }
        return null;
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
            return new CaptureDate(new DateTimeOffset(utc, TimeSpan.Zero), utc, null, "quicktime", null);
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
