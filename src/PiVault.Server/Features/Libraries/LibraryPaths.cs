using System.Text;
using System.Text.RegularExpressions;

namespace PiVault.Server.Features.Libraries;

/// <summary>Whether one import path may be indexed, and why not (Immich's validate answer).</summary>
public sealed record ImportPathCheck(string ImportPath, bool IsValid, string? Message);

/// <summary>
/// The rules for a folder library's import paths: an absolute folder inside one of the configured roots
/// (<c>libraryRoots</c>), not overlapping PiVault's own data folder, there and readable by the server. Symbolic links
/// are resolved before the roots are compared, so a link cannot lead a library outside them; a scan never follows links.
/// </summary>
public sealed class LibraryPaths(IReadOnlyList<string> allowedRoots, string dataDir)
{
    public const int MaxEntries = 128;
    public const int MaxPatternLength = 1024;

    /// <summary>Immich's default exclusions: Synology thumbnails, macOS resource forks, NAS recycle bins and snapshots.</summary>
    public static readonly IReadOnlyList<string> DefaultExclusions = ["**/@eaDir/**", "**/._*", "**/#recycle/**", "**/#snapshot/**"];

    public IReadOnlyList<string> AllowedRoots { get; } = [.. allowedRoots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)))];

    public ImportPathCheck Check(string importPath)
    {
        if (string.IsNullOrWhiteSpace(importPath) || importPath.Contains('\n') || importPath.Contains('\0') || !Path.IsPathFullyQualified(importPath))
        {
            return new(importPath, false, "An import path must be an absolute folder path, such as /mnt/nas/photos.");
        }
        if (AllowedRoots.Count == 0)
        {
            return new(importPath, false, "No folder may be indexed on this server: the administrator has not set libraryRoots (docs/libraries.md).");
        }
        if (!Directory.Exists(importPath))
        {
            return new(importPath, false, "This folder does not exist on the server (or is not a folder).");
        }
        var real = RealPath(importPath);
        if (!AllowedRoots.Any(root => IsWithin(real, root)))
        {
            return new(importPath, false, $"This folder is outside the folders PiVault may index ({string.Join(", ", AllowedRoots)}).");
        }
        var data = RealPath(dataDir);
        if (IsWithin(real, data) || IsWithin(data, real))
        {
            return new(importPath, false, "This folder overlaps PiVault's own data folder, which cannot be a library.");
        }
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(importPath).GetEnumerator();
            entries.MoveNext();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return new(importPath, false, "The server may not read this folder (check its permissions for the pivault user).");
        }
        return new(importPath, true, null);
    }

    /// <summary>The first problem of a set of import paths and exclusion patterns, or null when all are fine.</summary>
    public string? Problem(IReadOnlyList<string> importPaths, IReadOnlyList<string> exclusionPatterns)
    {
        if (importPaths.Count > MaxEntries || exclusionPatterns.Count > MaxEntries)
        {
            return $"A library has at most {MaxEntries} import paths and {MaxEntries} exclusion patterns.";
        }
        if (exclusionPatterns.FirstOrDefault(p => string.IsNullOrWhiteSpace(p) || p.Contains('\n') || p.Length > MaxPatternLength) is { } bad)
        {
            return $"The exclusion pattern \"{bad}\" is empty, too long or holds a line break.";
        }
        return importPaths.Select(Check).FirstOrDefault(c => !c.IsValid) is { } invalid ? $"{invalid.ImportPath}: {invalid.Message}" : null;
    }

    /// <summary>The exclusion patterns as one matcher over absolute paths: <c>**</c> any folders, <c>*</c> and <c>?</c> within one name.</summary>
    public static Func<string, bool> Excluder(IReadOnlyList<string> patterns)
    {
        if (patterns.Count == 0)
        {
            return _ => false;
        }
        var regex = new Regex(string.Join('|', patterns.Select(GlobToRegex)), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return path => regex.IsMatch(path);
    }

    private static string GlobToRegex(string glob)
    {
        var text = new StringBuilder("(?:^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                text.Append(".*");
                i++;
                if (i + 1 < glob.Length && glob[i + 1] == '/')
                {
                    text.Append("/?");
                    i++;
                }
            }
            else
            {
                text.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            }
        }
        return text.Append("$)").ToString();
    }

    private static bool IsWithin(string path, string root) =>
        path.Equals(root, StringComparison.Ordinal) || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    /// <summary>The path with every symbolic link along it resolved (what the kernel opens).</summary>
    internal static string RealPath(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parts = full.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = "/";
        foreach (var part in parts)
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.Exists || Directory.Exists(next))
            {
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    next = RealPath(target.FullName);
                }
            }
            current = next;
        }
        return current;
    }
}
