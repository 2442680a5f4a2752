namespace PiVault.Server.Features.Metadata;

/// <summary>A date read from text: the wall clock, and the offset when the text carried one.</summary>
internal readonly record struct ParsedDate(DateTime WallClock, TimeSpan? Offset, bool HasTime);

/// <summary>
/// One tolerant parser for the date spellings found in files: EXIF "2024:01:02 12:34:56", ISO 8601 as XMP and Apple
/// write it ("2024-01-02T12:34:56.5+01:00", "…+0100", "…Z"), and date-only values. Blank and all-zero dates are absent.
/// </summary>
internal static class DateText
{
    public static ParsedDate? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var s = text.AsSpan().Trim();
        var pos = 0;
        if (!Number(s, ref pos, 4, out var year) || !Separator(s, ref pos, ":-/") || !Number(s, ref pos, 2, out var month)
            || !Separator(s, ref pos, ":-/") || !Number(s, ref pos, 2, out var day))
        {
            return null;
        }
        int hour = 0, minute = 0, second = 0;
        long ticks = 0;
        var hasTime = false;
        if (pos < s.Length && s[pos] is ' ' or 'T' or 't')
        {
            pos++;
            while (pos < s.Length && s[pos] == ' ')
            {
                pos++;
            }
            if (!Number(s, ref pos, 2, out hour) || !Separator(s, ref pos, ":.") || !Number(s, ref pos, 2, out minute))
            {
                return null;
            }
            hasTime = true;
            var afterSeparator = pos + 1;
            if (pos < s.Length && s[pos] is ':' or '.' && Number(s, ref afterSeparator, 2, out second))
            {
                pos = afterSeparator;
                ticks = Fraction(s, ref pos);
            }
        }
        if (year is < 1900 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }
        var wall = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified).AddTicks(ticks);
        var offset = pos < s.Length ? TryParseOffset(s[pos..].ToString()) : null;
        return new ParsedDate(wall, offset, hasTime);
    }

    /// <summary>"+01:00", "-0500", "+01", "Z" (UTC). Null for anything else or beyond ±14 hours.</summary>
    public static TimeSpan? TryParseOffset(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var s = text.AsSpan().Trim();
        if (s is "Z" or "z")
        {
            return TimeSpan.Zero;
        }
        if (s.Length < 3 || s[0] is not ('+' or '-'))
        {
            return null;
        }
        var sign = s[0] == '-' ? -1 : 1;
        var pos = 1;
        if (!Number(s, ref pos, 2, out var hours))
        {
            return null;
        }
        var minutes = 0;
        if (pos < s.Length)
        {
            if (s[pos] == ':')
            {
                pos++;
            }
            if (!Number(s, ref pos, 2, out minutes) || pos != s.Length)
            {
                return null;
            }
        }
        if (hours > 14 || minutes > 59)
        {
            return null;
        }
        return sign * new TimeSpan(hours, minutes, 0);
    }

    /// <summary>EXIF SubSecTime: the digits are a decimal fraction of a second ("5" = 0.5 s, "050" = 0.05 s).</summary>
    public static TimeSpan SubSeconds(string? digits)
    {
        if (digits is null)
        {
            return TimeSpan.Zero;
        }
        var s = digits.AsSpan().Trim();
        var pos = 0;
        var ticks = Fraction(s, ref pos, requireDot: false);
        return pos == s.Length ? TimeSpan.FromTicks(ticks) : TimeSpan.Zero;
    }

    private static bool Number(ReadOnlySpan<char> s, ref int pos, int digits, out int value)
    {
        value = 0;
        if (pos + digits > s.Length)
        {
            return false;
        }
        for (var i = 0; i < digits; i++)
        {
            var c = s[pos + i];
            if (c is < '0' or > '9')
            {
                return false;
            }
            value = value * 10 + (c - '0');
        }
        pos += digits;
        return true;
    }

    private static bool Separator(ReadOnlySpan<char> s, ref int pos, string allowed)
    {
        if (pos < s.Length && allowed.Contains(s[pos], StringComparison.Ordinal))
        {
            pos++;
            return true;
        }
        return false;
    }

    /// <summary>Up to 7 fractional digits as ticks; extra digits are skipped.</summary>
    private static long Fraction(ReadOnlySpan<char> s, ref int pos, bool requireDot = true)
    {
        if (requireDot)
        {
            if (pos >= s.Length || s[pos] is not ('.' or ','))
            {
                return 0;
            }
            pos++;
        }
        long ticks = 0;
        var scale = 1_000_000L;
        while (pos < s.Length && s[pos] is >= '0' and <= '9')
        {
            ticks += (s[pos] - '0') * scale;
            scale /= 10;
            pos++;
        }
        return ticks;
    }
}
