using System.Globalization;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Takeout;

/// <summary>
/// Runs one import: the scan (<see cref="TakeoutScanner"/>) if it has not finished, then every media entry still pending,
/// part by part, each through <see cref="TakeoutEntryImport"/> (the upload path). Stopping at any point (shutdown, power
/// cut, cancel) leaves the import resumable: finished entries are recorded, the rest are pending, and running it again
/// goes on from there. It gives way, between entries, to phones uploading and to a hot or under-powered board, as a
/// backup does (<see cref="BackupPacing"/>).
/// </summary>
public sealed partial class TakeoutImporter(
    Database database, TakeoutImportStore store, TakeoutScanner scanner, TakeoutEntryImport entries, UserStore users, BackupPacing pacing, TakeoutPartReceiver uploadedParts,
    TimeProvider time, ILogger<TakeoutImporter> logger)
{
    /// <summary>Raised after each media entry is recorded (progress for the live UI; tests stop an import at a chosen entry here).</summary>
    public event Action<string, ArchiveFile>? EntryDone;

    public async Task RunAsync(string importId, CancellationToken cancel)
    {
        ImportRecord import;
        using (var db = database.Open())
        {
            import = store.Find(db, importId) ?? throw new InvalidOperationException($"No import {importId}.");
        }
        if (!ImportStates.IsActive(import.State))
        {
            return;
        }
        if (import.State is ImportStates.Queued or ImportStates.Scanning)
        {
            await scanner.ScanAsync(importId, cancel);
        }
        var owner = OwnerCaller(import.OwnerId);
        List<(int Seq, string Path, string Name, long Size)> parts;
        using (var db = database.Open())
        {
            store.MarkStarted(db, importId, time.GetUtcNow());
            parts = store.Parts(db, importId);
        }
        LogStarted(logger, importId, parts.Count);
        var folders = new TakeoutFolders(database, store, importId);
        foreach (var part in parts)
        {
            await ImportPartAsync(importId, owner, folders, part.Seq, part.Path, part.Name, cancel);
        }
        if (import.Source == "upload")
        {
            // Every entry is recorded: the library holds the originals now, and a resume would open no part again.
            uploadedParts.DeleteAll(importId);
        }
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            var now = time.GetUtcNow();
            store.SettleJson(db, importId, now);
            store.DropJson(db, importId);
            store.SetState(db, importId, ImportStates.Done, null, now, finished: true);
            transaction.Commit();
        }
        LogFinished(logger, importId);
    }

    private async Task ImportPartAsync(string importId, Caller owner, TakeoutFolders folders, int seq, string path, string name, CancellationToken cancel)
    {
        HashSet<int> pending;
        using (var db = database.Open())
        {
            pending = store.PendingMedia(db, importId, seq);
        }
        if (pending.Count == 0)
        {
            return;
        }
        try
        {
            await TakeoutArchive.ForEachFileAsync(path, file => pending.Contains(file.Ordinal), async (file, data) =>
            {
                pacing.WaitWhileBusy(_ => { }, cancel);
                await entries.ImportAsync(new EntryContext(importId, owner, seq, file, folders), data, cancel);
                EntryDone?.Invoke(importId, file);
                cancel.ThrowIfCancellationRequested();
            }, cancel);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new TakeoutArchiveException($"The archive part {name} changed or was damaged since it was scanned ({e.Message}).", e);
        }
        catch (FileNotFoundException)
        {
            throw new TakeoutArchiveException($"The archive part {name} is not there any more ({path}): attach the drive again and restart the import.");
        }
    }

    /// <summary>The import acts for the library's owner: the upload path sees them as the uploader.</summary>
    private Caller OwnerCaller(string ownerId)
    {
        using var db = database.Open();
        var user = users.FindById(db, ownerId) ?? throw ApiException.NotFound("The import's user does not exist any more.");
        return new Caller(user.Id, user.Email, user.Name, user.IsAdmin, CredentialKind.Session, "takeout-import", new HashSet<string>(StringComparer.Ordinal));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Takeout import {ImportId}: importing from {Parts} archive parts")]
    private static partial void LogStarted(ILogger logger, string importId, int parts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Takeout import {ImportId} finished")]
    private static partial void LogFinished(ILogger logger, string importId);
}

/// <summary>Where an entry is: its import, the library's owner, its part and position, and the import's folders.</summary>
public sealed record EntryContext(string ImportId, Caller Owner, int PartSeq, ArchiveFile File, TakeoutFolders Folders)
{
    /// <summary>Stored on the asset (<c>device_asset_id</c>): an asset this import made is known again after a crash.</summary>
    public string DeviceAssetId => $"{ImportId}/{PartSeq.ToString(CultureInfo.InvariantCulture)}/{File.Ordinal.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The asset was made from this very entry (by an earlier run cut short after the row committed): it counts as imported.</summary>
    public bool MadeFromThisEntry(AssetRecord? asset) => asset?.DeviceAssetId == DeviceAssetId && asset.DeviceId == TakeoutEntryImport.DeviceId;
}
