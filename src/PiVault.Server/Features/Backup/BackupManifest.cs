using System.Globalization;
using System.Text;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// <c>manifest.tsv</c>: one line per original on the backup, tab-separated — path, size, SHA-1 hex, asset id, and the
/// ISO 8601 time it was deleted from the library or nothing. Paths are as in the library (no tabs or line breaks:
/// <c>LibraryFileStore.SafeFileName</c> replaces control characters). Written last, through a temp file, fsync and
/// rename, so the manifest on the drive always describes a complete backup.
/// </summary>
public static class BackupManifest
{
    public const string Header = "# path\tsize\tsha1\tasset_id\tdeleted_at";

    /// <summary>The entries of the manifest at <paramref name="path"/>, by path; empty when there is none yet.</summary>
    public static Dictionary<string, BackupManifestEntry> Read(string path)
    {
        var entries = new Dictionary<string, BackupManifestEntry>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return entries;
        }
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var entry = Parse(line) ?? throw new BackupException($"Line {number} of {path} is not a manifest line: '{line}'.");
            entries[entry.Path] = entry;
        }
        return entries;
    }

    private static BackupManifestEntry? Parse(string line)
    {
        var fields = line.Split('\t');
        if (fields.Length != 5 || !long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || fields[2].Length != 40)
        {
            return null;
        }
        DateTimeOffset? deleted = null;
        if (fields[4].Length > 0)
        {
            if (!DateTimeOffset.TryParse(fields[4], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var when))
            {
                return null;
            }
            deleted = when;
        }
        try
        {
            return new BackupManifestEntry(fields[0], size, Convert.FromHexString(fields[2]), fields[3], deleted);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Replaces the manifest at <paramref name="path"/> atomically and durably, entries sorted by path.</summary>
    public static void Write(string path, IEnumerable<BackupManifestEntry> entries)
    {
        var text = new StringBuilder().Append(Header).Append('\n');
        foreach (var entry in entries.OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            text.Append(entry.Path).Append('\t')
                .Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(entry.ChecksumHex).Append('\t')
                .Append(entry.AssetId).Append('\t')
                .Append(entry.DeletedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "").Append('\n');
        }
        DurableFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(text.ToString()));
    }
}
