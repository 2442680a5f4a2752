using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PiVault.Server.Features.Takeout;

/// <summary>A sidecar JSON's file name read the way Google writes it: the media name it describes (perhaps cut short) and its "(n)" counter.</summary>
/// <param name="Target">The media file name the sidecar is for, as far as the name tells (without the counter).</param>
/// <param name="Truncated">The name is at Google's length limit, so <paramref name="Target"/> may be only the start of the media name.</param>
public sealed record SidecarName(string FileName, string Target, int Counter, bool Truncated);

/// <summary>
/// Google Takeout's naming rules, in one place (docs/takeout.md): which entries are sidecars and album metadata, how a
/// sidecar's name relates to its media file's (names cut at 46/47 characters, "(1)" before or after the extension,
/// <c>.supplemental-metadata</c> and its truncations, edited copies and their localised suffixes), and which folders
/// are albums.
/// </summary>
public static partial class TakeoutNames
{
    /// <summary>What Google appends to an edited copy's name, per language of the account (compared case-insensitively).</summary>
    public static readonly IReadOnlyList<string> EditedSuffixes =
    [
        "-edited", "-bearbeitet", "-modifié", "-modificato", "-editado", "-bewerkt", "-redigerad", "-redigeret", "-redigert",
        "-muokattu", "-edytowane", "-upraveno", "-upravené", "-szerkesztett", "-editat", "-düzenlendi", "-изменено",
        "-編集済み", "-수정됨", "-已编辑", "-已編輯",
        // The same in decomposed form (a Mac-made archive): the server runs with invariant globalization, where
        // string.Normalize cannot compose them.
        "-modifie\u0301", "-upravene\u0301", "-du\u0308zenlendi",
    ];

    /// <summary>The album folder's own metadata file, per language.</summary>
    private static readonly HashSet<string> AlbumMetadataNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.json", "metadaten.json", "métadonnées.json", "metadatos.json", "metadati.json", "metadane.json", "metagegevens.json",
    };

    /// <summary>Folders that hold photos but are not albums: the export's roots and Google's own collections.</summary>
    private static readonly HashSet<string> NotAlbums = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "Takeout", "Google Photos", "Google Fotos", "Google Foto", "Archive", "Archiv", "Archives", "Trash", "Bin", "Papierkorb",
        "Corbeille", "Locked Folder", "Failed Videos",
    };

    private const string Supplemental = "supplemental-metadata";

    /// <summary>A sidecar name this long (without ".json" and its counter) may have been cut short by Google.</summary>
    public const int TruncationLength = 45;

    public static bool IsJson(string fileName) => fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    public static bool IsAlbumMetadata(string fileName) => AlbumMetadataNames.Contains(Normal(fileName));

    /// <summary>Whether a folder (the last segment of its path) is an album: not a year folder, not one of Google's collections.</summary>
    public static bool IsAlbumFolder(string folderName) => !NotAlbums.Contains(folderName) && !YearFolder().IsMatch(Normal(folderName));

    /// <summary>Splits an entry path into its folder and file name ('/'-separated, either separator accepted, NFC).</summary>
    public static (string Folder, string Name) Split(string path)
    {
        var normal = Normal(path.Replace('\\', '/')).Trim('/');
        var slash = normal.LastIndexOf('/');
        return slash < 0 ? ("", normal) : (normal[..slash], normal[(slash + 1)..]);
    }

    public static string FolderName(string folder) => folder[(folder.LastIndexOf('/') + 1)..];

    /// <summary>Reads a sidecar's name: <c>IMG.jpg.json</c>, <c>IMG.jpg(1).json</c>, <c>IMG.jpg.supplemental-metad.json</c>, <c>long-name-cut-shor.json</c>.</summary>
    public static SidecarName ParseSidecar(string fileName)
    {
        var core = Normal(fileName)[..^".json".Length];
        var counter = TakeCounter(ref core);
        var dot = core.LastIndexOf('.');
        if (dot > 0 && core.Length - dot > 1 && Supplemental.StartsWith(core[(dot + 1)..], StringComparison.OrdinalIgnoreCase))
        {
            var length = core.Length;
            core = core[..dot];
            if (counter == 0)
            {
                counter = TakeCounter(ref core);
            }
            return new SidecarName(fileName, core, counter, length >= TruncationLength);
        }
        return new SidecarName(fileName, core, counter, core.Length >= TruncationLength);
    }

    /// <summary>A media file's name read the same way: the name its sidecar describes, its counter, and whether it is an edited copy.</summary>
    public static (string Original, string Stem, int Counter, bool Edited) ParseMedia(string fileName)
    {
        var name = Normal(fileName);
        var extension = Path.GetExtension(name);
        var stem = name[..^extension.Length];
        var counter = TakeCounter(ref stem);
        var edited = false;
        foreach (var suffix in EditedSuffixes)
        {
            if (stem.Length > suffix.Length && stem.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                stem = stem[..^suffix.Length];
                edited = true;
                counter = counter == 0 ? TakeCounter(ref stem) : counter; // "IMG(1)-edited.jpg"
                break;
            }
        }
        return (stem + extension, stem, counter, edited);
    }

    /// <summary>
    /// The sidecar of a media file among the sidecars of its folder, or null. In order: the exact name with the same
    /// counter; the counter written inside the name (<c>IMG(1).jpg.json</c>); a name cut short at Google's limit that
    /// starts the media name (the longest wins); the title inside the JSON; then the same name with another extension
    /// (a Live Photo's video, <c>IMG.json</c> of old exports).
    /// </summary>
    public static T? Match<T>(string mediaFileName, IReadOnlyList<T> sidecars, Func<T, SidecarName> name, Func<T, string?> title)
        where T : class
    {
        var (original, stem, counter, _) = ParseMedia(mediaFileName);
        var withCounter = counter > 0 ? $"{stem}({counter.ToString(CultureInfo.InvariantCulture)}){Path.GetExtension(original)}" : null;
        return sidecars.FirstOrDefault(s => name(s).Counter == counter && Same(name(s).Target, original))
            ?? (withCounter is null ? null : sidecars.FirstOrDefault(s => name(s).Counter == 0 && Same(name(s).Target, withCounter)))
            ?? sidecars.Where(s => name(s) is { Truncated: true } n && n.Counter == counter && n.Target.Length < original.Length
                    && original.StartsWith(n.Target, StringComparison.OrdinalIgnoreCase))
                .MaxBy(s => name(s).Target.Length)
            ?? (counter == 0 ? sidecars.FirstOrDefault(s => title(s) is { } t && Same(Normal(t), original)) : null)
            ?? sidecars.FirstOrDefault(s => name(s).Counter == counter && Same(StemOf(name(s).Target), stem));
    }

    private static string StemOf(string name)
    {
        var extension = Path.GetExtension(name);
        return extension.Length is > 1 and <= 5 ? name[..^extension.Length] : name;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Removes a trailing "(n)" and returns n (0 when there is none).</summary>
    private static int TakeCounter(ref string text)
    {
        var match = TrailingCounter().Match(text);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return 0;
        }
        text = text[..match.Index];
        return n;
    }

    /// <summary>Archive tools write names as NFC or NFD ("modifié" either way); compare them in one form.</summary>
    private static string Normal(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    [GeneratedRegex(@"\((\d{1,4})\)$")]
    private static partial Regex TrailingCounter();

    /// <summary>"Photos from 2019" and its translations: Google's per-year folders, not albums.</summary>
    [GeneratedRegex(@"^(Photos from|Fotos von|Photos de|Fotos de|Foto del|Foto dal|Foto's uit|Zdjęcia z|Fotky z|Fotos do) \d{4}$", RegexOptions.IgnoreCase)]
    private static partial Regex YearFolder();
}
