using System.Globalization;

namespace PiVault.Tests.Infrastructure;

/// <summary>One row of shared/corpus/manifest.tsv: what the corpus says a file is, measured with exiftool and ffprobe.</summary>
/// <param name="File">Path relative to the corpus root.</param>
/// <param name="Kind">e.g. "jpeg", "raw-cr2", "video-mov", "corrupt-upstream:raw-dng", "fuzz-crash:raw".</param>
/// <param name="Dimensions">"WxH" as stored (before rotation), or "-".</param>
/// <param name="Orientation">EXIF orientation, "rotN" for video rotation, or "-".</param>
/// <param name="DurationSeconds">Video duration, or null.</param>
public sealed record CorpusEntry(string File, string Kind, string Dimensions, string Orientation, double? DurationSeconds)
{
    public (int Width, int Height)? Size =>
        Dimensions.Split('x') is [var w, var h] && int.TryParse(w, out var width) && int.TryParse(h, out var height) ? (width, height) : null;
}

public static class CorpusManifest
{
    private static readonly Lazy<IReadOnlyList<CorpusEntry>> Rows = new(Load);

    public static IReadOnlyList<CorpusEntry> All => Rows.Value;

    public static CorpusEntry Entry(string file) => All.Single(row => row.File == file);

    private static List<CorpusEntry> Load()
    {
        var lines = File.ReadAllLines(Path.Combine(Uploads.CorpusRoot, "manifest.tsv"));
        var header = lines[0].Split('\t');
        int Column(string name) => Array.IndexOf(header, name) is >= 0 and var index ? index : throw new InvalidOperationException($"manifest has no {name} column");
        var (file, kind, size, orientation, duration) = (Column("file"), Column("kind"), Column("width_x_height"), Column("orientation"), Column("duration_s"));
        return lines.Skip(1)
            .Select(line => line.Split('\t'))
            .Select(cells => new CorpusEntry(cells[file], cells[kind], cells[size], cells[orientation],
                double.TryParse(cells[duration], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? seconds : null))
            .ToList();
    }
}
