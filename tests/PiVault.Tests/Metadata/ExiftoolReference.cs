using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PiVault.Server.Features.Metadata;

namespace PiVault.Tests.Metadata;

/// <summary>What exiftool says about one corpus file (the reference our reader's recall is measured against).</summary>
public sealed record ExiftoolFacts(string RelativePath, IReadOnlyList<DateTime> Dates, double? Latitude, double? Longitude, int? Orientation, string? Make, string? Model)
{
    public bool HasPosition => Latitude is not null && Longitude is not null;
}

/// <summary>Recall of one field: how many exiftool found, how many of those we matched, and the misses by file.</summary>
public sealed record FieldRecall(string Field, int Exiftool, int Matched, int OursOnly, IReadOnlyList<string> Misses);

/// <summary>
/// Runs exiftool once over a folder (shared by the recall test and bench/metadata) and compares our reader with it:
/// a date counts when our wall clock or our UTC instant equals exiftool's DateTimeOriginal, CreateDate or QuickTime (Apple) CreationDate
/// to the second;
/// GPS when both coordinates are within 1e-4 degrees; orientation when equal.
/// </summary>
public static class ExiftoolReference
{
    public static readonly string[] Arguments =
        ["-json", "-n", "-DateTimeOriginal", "-CreateDate", "-QuickTime:CreationDate", "-GPSLatitude", "-GPSLongitude", "-Orientation", "-Make", "-Model", "-r", "-ext", "*"];

    private static readonly string[] DateTags = ["DateTimeOriginal", "CreateDate", "CreationDate"];

    public static string Command(string folder) => "exiftool " + string.Join(' ', Arguments.Select(a => a == "*" ? "'*'" : a)) + " " + folder;

    /// <summary>exiftool's facts per file, keyed by path relative to <paramref name="folder"/> with '/' separators.</summary>
    public static Dictionary<string, ExiftoolFacts> Run(string folder) => Parse(RunJson(folder, Arguments));

    /// <summary>exiftool's JSON output for <paramref name="arguments"/> run over <paramref name="folder"/> (as ".").</summary>
    public static string RunJson(string folder, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("exiftool") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add(".");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("exiftool did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        return json;
    }

    public static Dictionary<string, ExiftoolFacts> Parse(string json)
    {
        var result = new Dictionary<string, ExiftoolFacts>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var file in document.RootElement.EnumerateArray())
        {
            var path = file.GetProperty("SourceFile").GetString()!;
            path = path.StartsWith("./", StringComparison.Ordinal) ? path[2..] : path;
            var dates = DateTags.Select(name => Date(file, name)).OfType<DateTime>().ToList();
            var latitude = Number(file, "GPSLatitude");
            var longitude = Number(file, "GPSLongitude");
            // (0, 0) is what unset receivers write; our reader drops it on purpose, so it is not a position to find.
            if (latitude == 0 && longitude == 0)
            {
                (latitude, longitude) = (null, null);
            }
            var orientation = Number(file, "Orientation") is { } o and >= 1 and <= 8 ? (int)o : (int?)null;
            result[path] = new ExiftoolFacts(path, dates, latitude, longitude, orientation, Text(file, "Make"), Text(file, "Model"));
        }
        return result;
    }

    public static IReadOnlyList<FieldRecall> Compare(IReadOnlyDictionary<string, ExiftoolFacts> reference, IReadOnlyDictionary<string, MediaMetadata> ours)
    {
        var dates = new Tally("dates");
        var gps = new Tally("gps");
        var orientation = new Tally("orientation");
        foreach (var (path, mine) in ours.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var theirs = reference.GetValueOrDefault(path);
            var ourDate = mine.DateSource is not ("file" or "filename") ? mine : null;
            dates.Add(path, theirs?.Dates.Count > 0, ourDate is not null, theirs is not null && ourDate is not null && SameDate(theirs.Dates, ourDate),
                () => $"exiftool {string.Join(" / ", theirs!.Dates.Select(d => Format(d)))}; ours {(ourDate is null ? "none" : $"{Format(mine.TakenAtLocal)} ({mine.DateSource})")}");
            gps.Add(path, theirs?.HasPosition == true, mine.Latitude is not null,
                theirs?.HasPosition == true && mine.Latitude is { } lat && mine.Longitude is { } lon
                    && Math.Abs(lat - theirs.Latitude!.Value) <= 1e-4 && Math.Abs(lon - theirs.Longitude!.Value) <= 1e-4,
                () => $"exiftool {theirs!.Latitude}, {theirs.Longitude}; ours {mine.Latitude}, {mine.Longitude}");
            orientation.Add(path, theirs?.Orientation is not null, mine.Orientation is not null, theirs?.Orientation is { } o && o == mine.Orientation,
                () => $"exiftool {theirs!.Orientation}; ours {mine.Orientation}");
        }
        return [dates.Result(), gps.Result(), orientation.Result()];
    }

    private static bool SameDate(IReadOnlyList<DateTime> theirs, MediaMetadata ours)
    {
        var candidates = new[] { ours.TakenAtLocal, ours.TakenAtUtc?.UtcDateTime }.OfType<DateTime>().Select(TruncateToSecond);
        return candidates.Any(c => theirs.Any(t => t == c));
    }

    private static DateTime TruncateToSecond(DateTime value) =>
        new(value.Ticks - value.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Unspecified);

    private static string Format(DateTime? value) => value?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "none";

    /// <summary>exiftool's "2024:01:02 12:34:56[.sss][+01:00]": the wall clock to the second; zero and pre-1971 values are not dates.</summary>
    private static DateTime? Date(JsonElement file, string name)
    {
        var text = Text(file, name);
        // Some writers leave out the seconds ("2020:01:05 15:04Z").
        if (text is null || !(text.Length >= 19 && DateTime.TryParseExact(text[..19], "yyyy:MM:dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || text.Length >= 16 && DateTime.TryParseExact(text[..16], "yyyy:MM:dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)))
        {
            return null;
        }
        return date.Year >= 1971 ? date : null;
    }

    private static double? Number(JsonElement file, string name) =>
        file.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static string? Text(JsonElement file, string name) =>
        file.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString() : null;

    private sealed class Tally(string field)
    {
        private readonly List<string> _misses = [];
        private int _exiftool;
        private int _matched;
        private int _oursOnly;

        public void Add(string path, bool exiftoolFound, bool weFound, bool same, Func<string> describe)
        {
            if (exiftoolFound)
            {
                _exiftool++;
                if (same)
                {
                    _matched++;
                }
                else
                {
                    _misses.Add($"{path}: {describe()}");
                }
            }
            else if (weFound)
            {
                _oursOnly++;
            }
        }

        public FieldRecall Result() => new(field, _exiftool, _matched, _oursOnly, _misses);
    }

    public static string Describe(IEnumerable<FieldRecall> recalls)
    {
        var text = new StringBuilder();
        foreach (var recall in recalls)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{recall.Field}: exiftool {recall.Exiftool}, ours matched {recall.Matched}, ours only {recall.OursOnly}");
            foreach (var miss in recall.Misses)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  miss {miss}");
            }
        }
        return text.ToString();
    }
}
