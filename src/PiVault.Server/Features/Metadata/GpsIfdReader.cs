using System.Globalization;
using PiVault.Media.Formats;

namespace PiVault.Server.Features.Metadata;

/// <summary>Reads the EXIF GPS IFD: position, altitude and the GPS clock (UTC), which tells the offset of the camera clock.</summary>
internal static class GpsIfdReader
{
    private const ushort LatitudeRef = 1, Latitude = 2, LongitudeRef = 3, Longitude = 4, AltitudeRef = 5, Altitude = 6;
    private const ushort TimeStamp = 7, DateStamp = 0x1D;

    public static void Read(TiffDirectory gps, FoundMetadata into)
    {
        var tiff = gps.Tiff;
        string? latRef = null, lonRef = null, date = null;
        double? lat = null, lon = null, alt = null;
        long? altRef = null;
        TiffEntry? time = null;
        foreach (var entry in gps.Entries)
        {
            switch (entry.Tag)
            {
                case LatitudeRef: latRef = tiff.ReadString(entry); break;
                case LongitudeRef: lonRef = tiff.ReadString(entry); break;
                case Latitude: lat = Degrees(tiff, entry); break;
                case Longitude: lon = Degrees(tiff, entry); break;
                case AltitudeRef: altRef = tiff.ReadInteger(entry); break;
                case Altitude: alt = tiff.ReadNumber(entry); break;
                case TimeStamp: time = entry; break;
                case DateStamp: date = tiff.ReadString(entry); break;
            }
        }
        if (lat is not null && lon is not null)
        {
            into.SetPosition(Signed(lat.Value, latRef, 'S'), Signed(lon.Value, lonRef, 'W'));
        }
        if (alt is not null)
        {
            into.SetAltitude(altRef == 1 ? -alt.Value : alt.Value);
        }
        if (time is not null && UtcTime(tiff, time.Value, date) is { } utc)
        {
            into.SetGpsTimeUtc(utc);
        }
    }

    /// <summary>Degrees, minutes, seconds as three rationals; some writers store decimal degrees in the first alone.</summary>
    private static double? Degrees(TiffReader tiff, TiffEntry entry)
    {
        var degrees = tiff.ReadNumber(entry, 0);
        if (degrees is null)
        {
            return null;
        }
        var minutes = tiff.ReadNumber(entry, 1) ?? 0;
        var seconds = tiff.ReadNumber(entry, 2) ?? 0;
        return Math.Abs(degrees.Value) + minutes / 60 + seconds / 3600;
    }

    private static double Signed(double value, string? reference, char negative) =>
        reference is { Length: > 0 } r && char.ToUpperInvariant(r[0]) == negative ? -value : value;

    private static DateTime? UtcTime(TiffReader tiff, TiffEntry entry, string? date)
    {
        if (date is null || !DateTime.TryParseExact(date.Trim(), ["yyyy:MM:dd", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return null;
        }
        var hours = tiff.ReadNumber(entry, 0);
        var minutes = tiff.ReadNumber(entry, 1);
        var seconds = tiff.ReadNumber(entry, 2);
        if (hours is not (>= 0 and < 24) || minutes is not (>= 0 and < 60) || seconds is not (>= 0 and < 61))
        {
            return null;
        }
        return DateTime.SpecifyKind(day.AddSeconds(hours.Value * 3600 + minutes.Value * 60 + seconds.Value), DateTimeKind.Utc);
    }
}
