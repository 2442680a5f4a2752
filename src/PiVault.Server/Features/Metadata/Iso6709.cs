using System.Globalization;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// ISO 6709 location strings as cameras and phones write them in movies: "+51.4169-000.0806/", "+37.3318-122.0312+012.345/".
/// Degrees may also be written as ±DDMM.mmm or ±DDMMSS.s (latitude) and ±DDDMM.mmm or ±DDDMMSS.s (longitude).
/// </summary>
internal static class Iso6709
{
    public readonly record struct Location(double Latitude, double Longitude, double? Altitude);

    public static Location? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var parts = SplitSigned(text.Trim().TrimEnd('/'));
        if (parts.Count < 2)
        {
            return null;
        }
        var latitude = Angle(parts[0], degreeDigits: 2);
        var longitude = Angle(parts[1], degreeDigits: 3);
        if (latitude is null || longitude is null)
        {
            return null;
        }
        double? altitude = parts.Count > 2 && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a : null;
        return new Location(latitude.Value, longitude.Value, altitude);
    }

    /// <summary>Splits "+12.3-045.6+7" into "+12.3", "-045.6", "+7"; every part must start with a sign.</summary>
    private static List<string> SplitSigned(string text)
    {
        var parts = new List<string>();
        var start = -1;
        for (var i = 0; i < text.Length && parts.Count < 4; i++)
        {
            var c = text[i];
            if (c is '+' or '-')
            {
                if (start >= 0)
                {
                    parts.Add(text[start..i]);
                }
                start = i;
            }
            else if (start < 0 || !(char.IsAsciiDigit(c) || c == '.'))
            {
                break;
            }
        }
        if (start >= 0 && parts.Count < 4)
        {
            var end = start + 1;
            while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
            {
                end++;
            }
            parts.Add(text[start..end]);
        }
        return parts;
    }

    private static double? Angle(string part, int degreeDigits)
    {
        if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        var integerDigits = part.TrimStart('+', '-').Split('.')[0].Length;
        var sign = value < 0 ? -1 : 1;
        var magnitude = Math.Abs(value);
        // The number of integer digits says whether minutes (and seconds) are packed in.
        if (integerDigits == degreeDigits + 2)
        {
            var degrees = Math.Floor(magnitude / 100);
            magnitude = degrees + (magnitude - degrees * 100) / 60;
        }
        else if (integerDigits == degreeDigits + 4)
        {
            var degrees = Math.Floor(magnitude / 10_000);
            var minutes = Math.Floor((magnitude - degrees * 10_000) / 100);
            magnitude = degrees + minutes / 60 + (magnitude - degrees * 10_000 - minutes * 100) / 3600;
        }
        return sign * magnitude;
    }
}
