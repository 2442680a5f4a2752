using System.Globalization;
using Microsoft.Data.Sqlite;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Http;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Assets;

/// <summary>
/// Originals and their lifecycle: upload with per-user dedupe, listing, trash, restore, permanent delete.
/// Every access to an asset goes through <see cref="AssetAccess"/>.
/// </summary>
public sealed partial class AssetService(
    Database database, AssetStore assets, AssetAccess access, IFileStore files, UploadJournal journal, DerivedFileStore derived, JobQueue jobs, IUserNotifier notifier,
    OriginalLocator originals, LivePhotoStore livePhotos, PiVaultOptions options, TimeProvider time, ILogger<AssetService> logger)
{
    public const int MaxPageSize = 1000;

    /// <summary>
    /// Stores a received upload, or answers with the asset that already holds the same bytes. The rename into the
    /// library (with its fsyncs) happens outside the database write lock; the unique (owner, checksum) index then
    /// decides races, so of parallel uploads of the same bytes by one user exactly one is created and the others
    /// remove their copy and answer with its id. Every API that stores originals (PiVault's and Immich's) comes here, so
    /// all follow <see cref="UploadJournal"/>'s rule: the path is journalled before the rename and the entry leaves in
    /// the transaction that inserts the row, so a crash at any point leaves nothing that start-up cannot settle.
    /// </summary>
    public UploadResultDto Store(Caller caller, ReceivedUpload upload)
    {
        string? liveVideoId;
        try
        {
            liveVideoId = LiveVideoNamedBy(caller, upload);
        }
        catch
        {
            files.DiscardTemp(upload.TempPath); // refused: nothing of it stays
            throw;
        }
        return Store(caller.UserId, upload, liveVideoId is null ? null : (db, stillId, now) => livePhotos.Link(db, stillId, liveVideoId, now));
    }

    /// <param name="onInserted">More writes that commit with the new row (a Live Photo link), given the new asset's id.</param>
    private UploadResultDto Store(string ownerId, ReceivedUpload upload, Action<SqliteConnection, string, DateTimeOffset>? onInserted)
    {
        var committedPath = (string?)null;
        try
        {
            var now = time.GetUtcNow();
            var modified = ParseTime(upload.Fields, "fileModifiedAt") ?? now;
            var created = ParseTime(upload.Fields, "fileCreatedAt") ?? modified;
            using var db = database.Open();
            if (assets.FindByChecksum(db, ownerId, upload.Sha1) is { } existing)
            {
                return new UploadResultDto(existing.Id, UploadStatus.Duplicate); // a phone re-sending never touches the library
            }
            committedPath = files.CommitOriginal(upload.TempPath, ownerId, created, upload.FileName, journal);
            var asset = new AssetRecord(
                Guid.CreateVersion7(now).ToString(), ownerId, upload.Sha1, upload.Media.Type, committedPath,
                LibraryFileStore.SafeFileName(upload.FileName), upload.Media.MimeType, upload.Size, created, modified, created,
                Field(upload.Fields, "deviceAssetId"), Field(upload.Fields, "deviceId"), IsTrue(upload.Fields, "isFavorite"), now, now, null);
            using (var transaction = db.BeginTransaction())
            {
                if (!assets.TryInsert(db, asset))
                {
                    return new UploadResultDto(assets.FindByChecksum(db, ownerId, upload.Sha1)!.Id, UploadStatus.Duplicate);
                }
                onInserted?.Invoke(db, asset.Id, now);
                jobs.EnqueueUploadSteps(db, asset.Id); // same transaction: an asset never exists without its first jobs
                UploadJournal.Complete(db, committedPath); // and the row now holds the path
                transaction.Commit();
            }
            committedPath = null;
            jobs.NotifyUploadSteps();
            LogStored(logger, asset.Id, ownerId, upload.Size);
            notifier.AssetUploaded(ownerId, asset.Id);
            return new UploadResultDto(asset.Id, UploadStatus.Created);
        }
        finally
        {
            // Whatever happened, nothing half-done stays: the temp file goes, and an original whose row never committed goes too.
            files.DiscardTemp(upload.TempPath);
            if (committedPath is not null)
            {
                files.DeleteOriginal(committedPath);
                journal.Abandon(committedPath); // after the file: if this never runs, start-up removes what is left
            }
        }
    }

    /// <summary>The thumbnail or preview file of an asset the caller may see; 404 until the pipeline has made it.</summary>
    public (AssetRecord Asset, string FullPath) Derived(Caller caller, string id, DerivedKind kind)
    {
        using var db = database.Open();
        var asset = access.RequireViewable(db, caller, id);
        if (asset.ThumbnailsAt is null)
        {
            var failure = jobs.FailureFor(db, asset.Id, JobKinds.Thumbnails);
            throw ApiException.NotFound(failure is null
                ? "The thumbnail is not made yet; show the thumbhash placeholder and try again shortly."
                : $"No thumbnail can be made for this file: {failure}");
        }
        return (asset, derived.PathFor(asset.OwnerId, asset.Id, kind));
    }

    public AssetDto Get(Caller caller, string id)
    {
        using var db = database.Open();
        return AssetDto.From(access.RequireViewable(db, caller, id), originals.ColdOffline);
    }

    public (AssetRecord Asset, string FullPath) Original(Caller caller, string id)
    {
        using var db = database.Open();
        var asset = access.RequireViewable(db, caller, id);
        return (asset, originals.Readable(asset.OriginalPath, asset.Tier));
    }

    /// <summary>An asset the caller may see, with its original resolved only when asked (a video's playback copy needs no original).</summary>
    public (AssetRecord Asset, Func<string> Original) Playable(Caller caller, string id)
    {
        using var db = database.Open();
        var asset = access.RequireViewable(db, caller, id);
        return (asset, () => originals.Readable(asset.OriginalPath, asset.Tier));
    }

    public AssetPageDto ListTimeline(Caller caller, int? page, int? size)
    {
        var request = PageRequest.From(page, size, 100);
        var coldOffline = originals.ColdOffline; // once per page: it looks at the drive
        using var db = database.Open();
        var items = assets.ListTimeline(db, caller.UserId, request.Offset, request.Size).ConvertAll(a => AssetDto.From(a, coldOffline));
        var total = assets.CountTimeline(db, caller.UserId);
        return new AssetPageDto(items, total, request.Number, request.Size, request.Next(items.Count, total));
    }

    public List<AssetDto> ListTrash(Caller caller)
    {
        using var db = database.Open();
        var coldOffline = originals.ColdOffline;
        return assets.ListTrash(db, caller.UserId).ConvertAll(a => AssetDto.From(a, coldOffline));
    }

    /// <summary>Moves to the trash; already-trashed assets stay as they are (the call is idempotent).</summary>
    public void Trash(Caller caller, string id) => SetTrashed(caller, id, trashed: true);

    public void Restore(Caller caller, string id) => SetTrashed(caller, id, trashed: false);

    public TrashResultDto RestoreAll(Caller caller)
    {
        var trashed = ListTrash(caller);
        trashed.ForEach(a => Restore(caller, a.Id));
        return new TrashResultDto(trashed.Count);
    }

    public void DeletePermanently(Caller caller, string id)
    {
        using var db = database.Open();
        Purge(db, RequireOwned(db, caller, id));
    }

    public TrashResultDto EmptyTrash(Caller caller)
    {
        using var db = database.Open();
        var trashed = assets.ListTrash(db, caller.UserId);
        trashed.ForEach(a => Purge(db, a));
        return new TrashResultDto(trashed.Count);
    }

    /// <summary>Deletes for good whatever has been in the trash longer than the configured days.</summary>
    public int PurgeExpiredTrash()
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.TrashDays);
        using var db = database.Open();
        var purged = 0;
        List<AssetRecord> batch;
        while ((batch = assets.ListTrashedBefore(db, cutoff, 500)).Count > 0)
        {
            batch.ForEach(a => Purge(db, a));
            purged += batch.Count;
        }
        return purged;
    }

    /// <summary>
    /// Deletes these assets for good, whoever owns them (a folder library removed by an admin): rows and derived files,
    /// and originals by <see cref="OriginalLocator.Delete"/>'s rule, which never touches a folder library's files.
    /// </summary>
    public void PurgeAll(IEnumerable<string> ids)
    {
        using var db = database.Open();
        foreach (var id in ids)
        {
            if (assets.FindById(db, id) is { } asset)
            {
                Purge(db, asset);
            }
        }
    }

    /// <summary>Changes need ownership; <see cref="AssetAccess"/> holds every access rule.</summary>
    private AssetRecord RequireOwned(SqliteConnection db, Caller caller, string id) => access.RequireOwned(db, caller, id);

    private void SetTrashed(Caller caller, string id, bool trashed)
    {
        using var db = database.Open();
        var asset = RequireOwned(db, caller, id);
        if (asset.DeletedAt is not null != trashed)
        {
            var now = time.GetUtcNow();
            assets.SetDeletedAt(db, asset.Id, trashed ? now : null, now);
            if (trashed)
            {
                notifier.AssetsTrashed(asset.OwnerId, [asset.Id]);
            }
            else
            {
                notifier.AssetsRestored(asset.OwnerId, [asset.Id]);
            }
        }
    }

    /// <summary>
    /// Row first, then file: a crash in between leaves an orphan file that <c>pivault db check</c> reports, never a row without
    /// its original. The video half of a Live Photo goes with its still.
    /// </summary>
    private void Purge(SqliteConnection db, AssetRecord asset)
    {
        if (asset.LivePhotoVideoId is { } videoId && assets.FindOwned(db, asset.OwnerId, videoId) is { } video)
        {
            Purge(db, video);
        }
        if (!assets.Delete(db, asset.Id))
        {
            return; // purged already, as the video of a still earlier in the same batch
        }
        notifier.AssetDeleted(asset.OwnerId, asset.Id);
        try
        {
            originals.Delete(asset.OriginalPath, asset.Tier);
            derived.DeleteAll(asset.OwnerId, asset.Id);
        }
        catch (IOException e)
        {
            LogDeleteFailed(logger, asset.OriginalPath, e.Message);
        }
        LogPurged(logger, asset.Id);
    }

    private static DateTimeOffset? ParseTime(IReadOnlyDictionary<string, string> fields, string name)
    {
        if (Field(fields, name) is not { } value)
        {
            return null;
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : throw ApiException.BadRequest($"\"{name}\" must be an ISO-8601 date and time, like 2024-01-02T12:34:56Z; got \"{value}\".");
    }

    private static string? Field(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool IsTrue(IReadOnlyDictionary<string, string> fields, string name) =>
        string.Equals(Field(fields, name), "true", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored asset {AssetId} for user {UserId} ({Bytes} bytes)")]
    private static partial void LogStored(ILogger logger, string assetId, string userId, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted asset {AssetId} permanently")]
    private static partial void LogPurged(ILogger logger, string assetId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete original {Path}: {Reason}")]
    private static partial void LogDeleteFailed(ILogger logger, string path, string reason);
}
