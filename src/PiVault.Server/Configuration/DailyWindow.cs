using System.Globalization;

namespace PiVault.Server.Configuration;

/// <summary>A span of local wall-clock time each day, such as 01:00–07:00; it may run past midnight (22:00–06:00).</summary>
public readonly record struct DailyWindow(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly time) => Start <= End
        ? time >= Start && time < End
        : time >= Start || time < End;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start:HH\\:mm}–{End:HH\\:mm}");

    /// <summary>Parses "HH:mm-HH:mm" (a hyphen or an en dash); null with a reason when the text is not a window.</summary>
    public static DailyWindow? TryParse(string text, out string? error)
    {
        var parts = text.Split(['-', '–'], 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && TimeOnly.TryParseExact(parts[0], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            && TimeOnly.TryParseExact(parts[1], ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            if (start == end)
            {
                error = $"'{text}' is an empty window: start and end are the same time.";
                return null;
            }
            error = null;
            return new DailyWindow(start, end);
        }
        error = $"'{text}' is not a daily window like 01:00-07:00.";
        return null;
    }
}
