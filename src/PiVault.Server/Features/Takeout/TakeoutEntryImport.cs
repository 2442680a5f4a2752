using System.Globalization;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Takeout;

/// <summary>
/// One media entry of an archive: its bytes go through the upload path (<see cref="UploadReceiver.ReceiveStreamAsync"/>
/// then <see cref="AssetService.Store"/>: checksum dedupe, fsync and atomic rename, the metadata and thumbnail jobs), its
/// sidecar's date, place and description become supplied metadata (written before the asset's row, so the metadata step
/// never misses it), then its flags, its album and its outcome are written in one transaction.
/// </summary>
public sealed partial class TakeoutEntryImport(
    Database database, UploadReceiver receiver, AssetService assets, AssetStore assetRows, SuppliedMetadataStore supplied, TakeoutImportStore store,
    AlbumStore albums, MetadataService metadata, TimeProvider time, ILogger<TakeoutEntryImport> logger)
{
    /// <summary>The <c>deviceId</c> of what an import stores (Immich shows it as the uploading device).</summary>
    public const string DeviceId = "google-takeout";

    public const string SourceName = "takeout";

    public async Task ImportAsync(EntryContext entry, Stream data, CancellationToken cancel)
    {
        var (folderPath, name) = TakeoutNames.Split(entry.File.Path);
        var folder = entry.Folders.Get(folderPath);
        var sidecar = folder.SidecarOf(name);
        var facts = sidecar?.Data ?? TakeoutSidecar.Empty;
        if (facts.Trashed)
        {
            Record(entry, folder, new EntryOutcome("skipped", "in Google Photos' trash", null, sidecar?.Name.FileName, entry.File.Size));
            return;
        }
        var upload = await ReceiveAsync(entry, name, facts, data, cancel);
        if (upload is null)
        {
            return;
        }
        bool known;
        using (var db = database.Open())
        {
            var existing = assetRows.FindByChecksum(db, entry.Owner.UserId, upload.Sha1);
            known = existing is not null && !entry.MadeFromThisEntry(existing);
            if (facts.HasMetadata)
            {
                supplied.Save(db, entry.Owner.UserId, upload.Sha1, new SuppliedMetadata(
                    known ? SuppliedMode.Fill : SuppliedMode.Prefer, facts.TakenAt, facts.Latitude, facts.Longitude, facts.Description, SourceName));
            }
        }
        var stored = assets.Store(entry.Owner, upload); // removes the temp file whatever happens
        cancel.ThrowIfCancellationRequested(); // a stop here is the crash window between the asset's row and the entry's: the resume counts it right
        var outcome = known
            ? new EntryOutcome("merged", "already in PiVault", stored.Id, sidecar?.Name.FileName, upload.Size)
            : new EntryOutcome("imported", sidecar is null ? "no sidecar found" : null, stored.Id, sidecar?.Name.FileName, upload.Size);
        var metadataDone = Record(entry, folder, outcome, facts);
        if (known && facts.HasMetadata && metadataDone)
        {
            await RefreshMetadataAsync(stored.Id, cancel);
        }
    }

    private async Task<ReceivedUpload?> ReceiveAsync(EntryContext entry, string name, TakeoutSidecar facts, Stream data, CancellationToken cancel)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deviceId"] = DeviceId,
            ["deviceAssetId"] = entry.DeviceAssetId,
            ["isFavorite"] = facts.Favorited ? "true" : "false",
        };
        if (facts.TakenAt is { } taken)
        {
            fields["fileCreatedAt"] = taken.ToString("O", CultureInfo.InvariantCulture);
        }
        try
        {
            return await receiver.ReceiveStreamAsync(data, name, fields, cancel);
        }
        catch (ApiException e) when (e.Status is 400 or 413 or 415)
        {
            Record(entry, null, new EntryOutcome("skipped", e.Message, null, null, entry.File.Size));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            Record(entry, null, new EntryOutcome("skipped", $"corrupt entry: {e.Message}", null, null, entry.File.Size));
        }
        return null;
    }

    /// <summary>The entry's outcome with its album and flags, in one transaction; returns whether the asset's metadata step had already run.</summary>
    private bool Record(EntryContext entry, TakeoutFolder? folder, EntryOutcome outcome, TakeoutSidecar? facts = null)
    {
        var now = time.GetUtcNow();
        using var db = database.Open();
        using var transaction = db.BeginTransaction();
        var asset = outcome.AssetId is { } id ? assetRows.FindById(db, id) : null;
        var reason = outcome.Reason;
        if (asset is not null && facts is not null)
        {
            if (outcome.State == "imported" && facts.Archived)
            {
                store.SetArchived(db, asset.Id, now); // only what is new goes to the archive: a photo already in the timeline stays there
            }
            if (outcome.State == "merged" && facts.Favorited)
            {
                assetRows.MarkFavorite(db, asset.Id, now);
            }
            if (folder?.AlbumTitle is { } title && albums.AddAsset(db, AlbumFor(db, entry, folder.Path, title, now), asset.Id, now) == 1 && outcome.State == "merged")
            {
                reason = $"already in PiVault; added to the album \"{title}\"";
            }
        }
        store.Finish(db, entry.ImportId, entry.File, entry.PartSeq, outcome with { Reason = reason }, now);
        transaction.Commit();
        return asset?.MetadataAt is not null;
    }

    /// <summary>The album of an album folder: the one this import made for it, else the owner's album of that title, else a new one.</summary>
    private string AlbumFor(Microsoft.Data.Sqlite.SqliteConnection db, EntryContext entry, string folder, string title, DateTimeOffset now)
    {
        var albumId = store.AlbumOf(db, entry.ImportId, folder) ?? store.OwnAlbumNamed(db, entry.Owner.UserId, title);
        if (albumId is null)
        {
            albumId = Guid.CreateVersion7(now).ToString();
            albums.Insert(db, albumId, entry.Owner.UserId, title, "", now);
        }
        store.SaveAlbum(db, entry.ImportId, folder, albumId);
        return albumId;
    }

    /// <summary>An asset already in PiVault whose metadata step ran: run it again now, so the sidecar fills what the file lacked.</summary>
    private async Task RefreshMetadataAsync(string assetId, CancellationToken cancel)
    {
        try
        {
            await metadata.ExtractAsync(assetId, cancel);
        }
        catch (IOException e)
        {
            LogRefreshFailed(logger, assetId, e.Message); // the supplied row stays: the next run of the step merges it
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not re-read metadata of {AssetId} after a Takeout merge: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string assetId, string reason);
}
