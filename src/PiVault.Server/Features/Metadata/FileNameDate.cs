using System.Globalization;
using System.Text.RegularExpressions;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Dates that phones and apps put in file names, the fallback when a file carries no date of its own:
/// IMG_20240102_123456, PXL_20240102_123456789, VID_…, Screenshot_20240102-123456, 20240102_123456,
/// 2024-01-02 12.34.56, signal-2024-01-02-123456, Screenshot_2024-01-02-12-34-56, and WhatsApp's IMG-20240102-WA0001 (date only).
/// </summary>
internal static partial class FileNameDate
{
    public static ParsedDate? TryParse(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return null;
        }
        var name = Path.GetFileNameWithoutExtension(fileName);
        foreach (var pattern in (ReadOnlySpan<Regex>)[CompactDateTime(), DashedDateTime()])
        {
            foreach (Match match in pattern.Matches(name))
            {
                if (Build(match, hasTime: true) is { } date)
                {
                    return date;
                }
            }
        }
        return WhatsApp().Match(name) is { Success: true } whatsApp ? Build(whatsApp, hasTime: false) : null;
    }

    private static ParsedDate? Build(Match match, bool hasTime)
    {
        int Part(string name) => match.Groups[name].Success && match.Groups[name].Length > 0
            ? int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture) : 0;
        int year = Part("y"), month = Part("mo"), day = Part("d"), hour = Part("h"), minute = Part("mi"), second = Part("s");
        var fraction = match.Groups["f"].Success ? match.Groups["f"].Value : "";
        if (year is < 1990 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }
        var wall = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified) + DateText.SubSeconds(fraction);
        return new ParsedDate(wall, null, hasTime);
    }

    // 20240102_123456 with an optional separator and up to 3 millisecond digits (Pixel writes them).
    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})(?<mo>\d{2})(?<d>\d{2})[_\-T ]?(?<h>\d{2})(?<mi>\d{2})(?<s>\d{2})(?<f>\d{0,3})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex CompactDateTime();

    // 2024-01-02 12.34.56, 2024-01-02-123456, 2024-01-02_12-34-56.
    [GeneratedRegex(@"(?<!\d)(?<y>(?:19|20)\d{2})-(?<mo>\d{2})-(?<d>\d{2})[ _T\-](?<h>\d{2})[.\-:_]?(?<mi>\d{2})[.\-:_]?(?<s>\d{2})(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DashedDateTime();

    // WhatsApp strips EXIF and names files IMG-20240102-WA0001: a day, no time.
    [GeneratedRegex(@"(?:IMG|VID|AUD|PTT|STK|DOC)-(?<y>\d{4})(?<mo>\d{2})(?<d>\d{2})-WA\d+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex WhatsApp();
}
