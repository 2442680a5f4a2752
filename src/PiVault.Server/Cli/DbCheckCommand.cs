using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Pipeline;
using PiVault.Server.Storage;

namespace PiVault.Server.Cli;

/// <summary>
/// <c>pivault db check</c>: compares the database with the library on disk and reports rows whose original
/// is missing, originals no row knows, uploads interrupted between the rename and the row (<see cref="UploadJournal"/>)
/// and temp files of interrupted uploads; <c>--verify</c> also re-hashes
/// every original. Exit code 0 when consistent, 1 when something was found.
/// </summary>
public static class DbCheckCommand
{
    public static int Run(PiVaultOptions options, bool verify, TextWriter output)
    {
        if (!File.Exists(options.DatabasePath))
        {
            output.WriteLine($"No database at {options.DatabasePath}: is --data-dir right?");
            return 2;
        }
        var database = new Database(options.DatabasePath);
        database.Initialize();
        var files = new LibraryFileStore(options.LibraryDir);
        using var db = database.Open();
        var store = new AssetStore(JobSteps.Production);
        var rows = store.ListPaths(db);
        var coldPaths = store.ListColdPaths(db);
        var originals = new OriginalLocator(files, new ColdTierStore(options.ColdTierDir));
        var problems = 0;

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, path, checksum) in rows)
        {
            known.Add(path);
            var tier = coldPaths.Contains(path) ? OriginalTier.Cold : OriginalTier.Hot;
            if (originals.IsOffline(tier))
            {
                output.WriteLine($"offline original: asset {id} is on the cold drive, which is not attached ({path})");
                continue;
            }
            var full = originals.FullPath(path, tier);
            if (!File.Exists(full))
            {
                output.WriteLine($"missing original: asset {id} expects {path}{(tier == OriginalTier.Cold ? " on the cold drive" : "")}");
                problems++;
            }
            else if (tier == OriginalTier.Cold && files.Exists(path))
            {
                output.WriteLine($"leftover hot copy: {path} is on the cold drive and still in the library (an interrupted move: start-up removes it)");
                problems++;
            }
            else if (verify && !ContentChecksum.OfFile(full).AsSpan().SequenceEqual(checksum))
            {
                output.WriteLine($"checksum mismatch: asset {id} at {path}");
                problems++;
            }
        }
        var journalled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, held) in UploadJournal.Entries(db))
        {
            journalled.Add(path);
            output.WriteLine(held
                ? $"interrupted upload: journal entry for {path}, which asset row holds (start-up clears the entry)"
                : $"interrupted upload: {path} was never acknowledged ({(files.Exists(path) ? "start-up removes the file" : "no file; start-up clears the entry")})");
            problems++;
        }
        foreach (var path in files.EnumerateOriginals().Where(p => !known.Contains(p) && !journalled.Contains(p)))
        {
            output.WriteLine($"orphan original: {path} has no asset row");
            problems++;
        }
        foreach (var path in files.EnumerateTemps())
        {
            output.WriteLine($"leftover temp file: {path} (an upload in flight, or cut off: start-up removes it)");
            problems++;
        }
        output.WriteLine($"checked {rows.Count} assets: {(problems == 0 ? "no problems" : $"{problems} problems")}");
        return problems == 0 ? 0 : 1;
    }
}
