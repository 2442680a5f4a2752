using System.Globalization;
using System.Text.Json;

namespace PiVault.Tests.Metadata;

/// <summary>
/// Where a capture date should come from, per file, by exiftool: which metadata groups hold a date
/// (<c>exiftool -json -G -n</c> with the date tags named by group), ranked in the documented order of the date
/// fallbacks (IMetadataReader's DateSource: EXIF original/created → XMP/IPTC capture dates, a date with a time before
/// a date alone → EXIF ModifyDate → QuickTime; in QuickTime movies QuickTime comes right after EXIF). The groups
/// map to our source names: EXIF, Canon's CIFF maker data and AVI's IDIT (<c>RIFF</c>) are camera-written
/// originals, "exif" for us.
/// </summary>
public static class ExiftoolDateSources
{
    private static readonly string[] Arguments =
    [
        "-json", "-G", "-n", "-EXIF:DateTimeOriginal", "-EXIF:CreateDate", "-EXIF:ModifyDate", "-MakerNotes:DateTimeOriginal",
        "-RIFF:DateTimeOriginal", "-XMP:DateTimeOriginal", "-XMP:CreateDate", "-XMP:DateCreated", "-IPTC:DateCreated",
        "-IPTC:TimeCreated", "-QuickTime:CreateDate", "-QuickTime:CreationDate", "-File:FileType", "-r", "-ext", "*",
    ];

    private static readonly HashSet<string> QuickTimeFileTypes = new(StringComparer.Ordinal) { "MOV", "MP4", "M4V", "3GP", "3G2" };

    /// <summary>The expected source per file (path relative to <paramref name="folder"/>), or null where exiftool finds no date.</summary>
    public static Dictionary<string, string?> Run(string folder)
    {
        var json = ExiftoolReference.RunJson(folder, Arguments);
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateArray().ToDictionary(
            file => file.GetProperty("SourceFile").GetString() is ['.', '/', .. var relative] ? relative : file.GetProperty("SourceFile").GetString()!,
            Expected,
            StringComparer.Ordinal);
    }

    private static string? Expected(JsonElement file)
    {
        var exif = HasDateTime(file, "EXIF:DateTimeOriginal") || HasDateTime(file, "EXIF:CreateDate")
            || HasDateTime(file, "MakerNotes:DateTimeOriginal") || HasDateTime(file, "RIFF:DateTimeOriginal");
        var modify = HasDateTime(file, "EXIF:ModifyDate");
        var quickTime = HasDateTime(file, "QuickTime:CreationDate") || HasDateTime(file, "QuickTime:CreateDate");
        var captured = Captured(file);
        if (Text(file, "File:FileType") is { } type && QuickTimeFileTypes.Contains(type))
        {
            return exif ? "exif" : quickTime ? "quicktime" : captured ?? (modify ? "exif" : null);
        }
        return exif ? "exif" : captured ?? (modify ? "exif" : quickTime ? "quicktime" : null);
    }

    /// <summary>XMP's DateTimeOriginal, CreateDate, DateCreated, then IPTC's DateCreated (+TimeCreated): the first with a time, else the first date.</summary>
    private static string? Captured(JsonElement file)
    {
        (bool HasDate, bool HasTime, string Source)[] candidates =
        [
            (IsDate(file, "XMP:DateTimeOriginal"), HasDateTime(file, "XMP:DateTimeOriginal"), "xmp"),
            (IsDate(file, "XMP:CreateDate"), HasDateTime(file, "XMP:CreateDate"), "xmp"),
            (IsDate(file, "XMP:DateCreated"), HasDateTime(file, "XMP:DateCreated"), "xmp"),
            (IsDate(file, "IPTC:DateCreated"), IsDate(file, "IPTC:DateCreated") && Text(file, "IPTC:TimeCreated") is not null, "iptc"),
        ];
        return candidates.Where(c => c.HasTime).Select(c => c.Source).FirstOrDefault()
            ?? candidates.Where(c => c.HasDate).Select(c => c.Source).FirstOrDefault();
    }

    /// <summary>"YYYY:MM:DD…" from 1971 on with a real month: exiftool prints unset dates as zeros.</summary>
    private static bool IsDate(JsonElement file, string tag) =>
        Text(file, tag) is { Length: >= 10 } text
        && DateTime.TryParseExact(text[..10], "yyyy:MM:dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year >= 1971;

    private static bool HasDateTime(JsonElement file, string tag) =>
        IsDate(file, tag) && Text(file, tag) is { Length: >= 16 } text
        && TimeSpan.TryParseExact(text[11..16], @"hh\:mm", CultureInfo.InvariantCulture, out _);

    private static string? Text(JsonElement file, string name) =>
        file.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString() : null;
}
