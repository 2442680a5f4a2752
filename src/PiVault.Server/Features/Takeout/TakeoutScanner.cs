using System.Text;
using PiVault.Server.Data;

namespace PiVault.Server.Features.Takeout;

/// <summary>An archive part that cannot be read through: the import stops before anything of it is imported.</summary>
public sealed class TakeoutArchiveException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The first pass of an import: reads every part through once, lists each file, and keeps the text of the sidecars and
/// album metadata (a sidecar may sit in another part than its photo, so the second pass needs them all). Only JSON is
/// read; photos and videos are passed over. A part that is damaged or cut off fails the scan, before anything is
/// imported.
/// </summary>
public sealed class TakeoutScanner(Database database, TakeoutImportStore store, TimeProvider time)
{
    /// <summary>Sidecars are a few hundred bytes; anything bigger is not one.</summary>
    public const int MaxJsonBytes = 64 * 1024;

    public async Task ScanAsync(string importId, CancellationToken cancel)
    {
        List<(int Seq, string Path, string Name, long Size)> parts;
        using (var db = database.Open())
        {
            store.SetState(db, importId, ImportStates.Scanning, null, time.GetUtcNow());
            parts = store.Parts(db, importId);
        }
        if (parts.Count == 0)
        {
            throw new TakeoutArchiveException("The import has no archive parts.");
        }
        var entries = new List<ScannedEntry>();
        foreach (var part in parts)
        {
            entries.AddRange(await ScanPartAsync(part.Seq, part.Path, part.Name, cancel));
        }
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            store.ClearEntries(db, importId);
            entries.ForEach(e => store.InsertEntry(db, importId, e));
            store.SetTotals(db, importId, time.GetUtcNow());
            transaction.Commit();
        }
    }

    private static async Task<List<ScannedEntry>> ScanPartAsync(int seq, string path, string name, CancellationToken cancel)
    {
        var entries = new List<ScannedEntry>();
        try
        {
            await TakeoutArchive.ForEachFileAsync(path, file => Wanted(seq, file, entries), async (file, data) =>
            {
                var (folder, fileName) = TakeoutNames.Split(file.Path);
                var json = await ReadTextAsync(data, cancel);
                entries.Add(new ScannedEntry(seq, file.Ordinal, folder, fileName, TakeoutNames.IsAlbumMetadata(fileName) ? "album" : "sidecar",
                    file.Size, json, json is null ? "JSON larger than a sidecar can be" : null));
            }, cancel);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new TakeoutArchiveException($"The archive part {name} is damaged or cut off ({e.Message}); nothing was imported. Download that part again.", e);
        }
        catch (FileNotFoundException)
        {
            throw new TakeoutArchiveException($"The archive part {name} is not there any more ({path}); nothing was imported.");
        }
        return entries;
    }

    /// <summary>JSON is opened; every other file is listed as media (its bytes decide later whether it is one).</summary>
    private static bool Wanted(int seq, ArchiveFile file, List<ScannedEntry> entries)
    {
        var (folder, fileName) = TakeoutNames.Split(file.Path);
        if (fileName.Length == 0)
        {
            return false;
        }
        if (TakeoutNames.IsJson(fileName))
        {
            return true;
        }
        entries.Add(new ScannedEntry(seq, file.Ordinal, folder, fileName, "media", file.Size, null, null));
        return false;
    }

    /// <summary>The entry's text, or null when it is longer than <see cref="MaxJsonBytes"/> (the rest is left unread).</summary>
    private static async Task<string?> ReadTextAsync(Stream data, CancellationToken cancel)
    {
        var buffer = new byte[MaxJsonBytes + 1];
        var length = await data.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancel);
        if (length > MaxJsonBytes)
        {
            return null;
        }
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
