using System.Text;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Server.Features.Albums;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.Tags;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Libraries;

/// <summary>What one scan did.</summary>
public sealed record ScanReport(int Added, int Changed, int Renamed, int Offline, int Returned, int Skipped, IReadOnlyList<string> MissingImportPaths);

/// <summary>
/// One pass over a folder library: walks its import paths (no links followed, exclusions applied, photo and video names
/// only), compares with what is indexed, and records the difference — new files become assets (their first bytes say
/// what they are; the pipeline's upload steps are queued in the same transaction), a file whose size or time changed is
/// read again by the pipeline, a file that moved (gone at one path, one new file elsewhere with the same size and time)
/// keeps its asset, a file that is gone goes offline and into the trash, and one that came back leaves it. Files are only
/// ever listed, stat'ed and read. An import path that is not there at all (a share not mounted) takes nothing offline.
/// Work is committed in batches, so a scan cut off keeps what it did and the next one does the rest.
/// </summary>
public sealed partial class LibraryScanner(
    Database database, LibraryStore store, AlbumStore albums, AssetStore assets, TagService tags, JobQueue jobs, TimeProvider time, ILogger<LibraryScanner> logger)
    : IDisposable
{
    private const int BatchSize = 200;

    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    private sealed record FileOnDisk(string Path, long Size, DateTimeOffset ModifiedAt, DateTimeOffset CreatedAt);

    public async Task<ScanReport> ScanAsync(LibraryRecord library, CancellationToken cancel)
    {
        await oneAtATime.WaitAsync(cancel);
        try
        {
            return Scan(library, cancel);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>The checksum of a folder library's asset: SHA-1 of "path:" and its path (Immich's rule; no file is read for it).</summary>
    public static byte[] PathChecksum(string path) => ContentChecksum.Of(Encoding.UTF8.GetBytes("path:" + path));

    public void Dispose() => oneAtATime.Dispose();

    private ScanReport Scan(LibraryRecord library, CancellationToken cancel)
    {
        var exclude = LibraryPaths.Excluder(library.ExclusionPatterns);
        var missing = library.ImportPaths.Where(p => !Directory.Exists(p)).ToList();
        var reachable = library.ImportPaths.Except(missing).ToList();
        var found = reachable.SelectMany(root => Walk(root, exclude, cancel)).DistinctBy(f => f.Path).ToDictionary(f => f.Path, StringComparer.Ordinal);
        Dictionary<string, IndexedFile> indexed;
        using (var db = database.Open())
        {
            indexed = store.Files(db, library.Id);
        }
        var gone = indexed.Values.Where(f => !found.ContainsKey(f.Path) && !f.Offline && reachable.Any(r => IsUnder(f.Path, r))).ToList();
        var fresh = found.Values.Where(f => !indexed.ContainsKey(f.Path)).ToList();
        var renames = PairRenames(gone, fresh);
        var changed = found.Values.Where(f => indexed.TryGetValue(f.Path, out var known) && (known.Size != f.Size || known.ModifiedAt != f.ModifiedAt)).ToList();
        var returned = found.Values.Where(f => indexed.TryGetValue(f.Path, out var known) && known.Offline).ToList();

        var added = 0;
        var skipped = 0;
        var now = time.GetUtcNow();
        Batched(renames, (db, pair) => store.SetPath(db, pair.Old.AssetId, pair.New.Path, PathChecksum(pair.New.Path), Path.GetFileName(pair.New.Path), now), cancel);
        Batched(returned, (db, file) => store.SetOnline(db, indexed[file.Path].AssetId, now), cancel);
        Batched(changed, (db, file) =>
        {
            var assetId = indexed[file.Path].AssetId;
            store.SetChanged(db, assetId, file.Size, file.ModifiedAt, now);
            jobs.EnqueueUploadSteps(db, assetId);
            FileAsSidecarSays(db, library.OwnerId, assetId, file.Path, now);
        }, cancel);
        var renamedTo = renames.Select(r => r.New.Path).ToHashSet(StringComparer.Ordinal);
        Batched(fresh.Where(f => !renamedTo.Contains(f.Path)).ToList(), (db, file) =>
        {
            if (Index(db, library, file, now) is { } assetId)
            {
                added++;
                FileAsSidecarSays(db, library.OwnerId, assetId, file.Path, now);
            }
            else
            {
                skipped++;
            }
        }, cancel);
        var renamedFrom = renames.Select(r => r.Old.AssetId).ToHashSet(StringComparer.Ordinal);
        var offline = gone.Where(f => !renamedFrom.Contains(f.AssetId)).ToList();
        Batched(offline, (db, file) => store.SetOffline(db, file.AssetId, now), cancel);
        using (var db = database.Open())
        {
            store.SetRefreshed(db, library.Id, time.GetUtcNow());
        }
        jobs.NotifyUploadSteps();
        var report = new ScanReport(added, changed.Count, renames.Count, offline.Count, returned.Count, skipped, missing);
        LogScanned(logger, library.Id, report.Added, report.Changed, report.Renamed, report.Offline, report.Returned, report.Skipped, missing.Count);
        return report;
    }

    /// <summary>A new file: its first bytes decide whether it is a photo or video PiVault keeps; returns its asset id, or null when not.</summary>
    private string? Index(SqliteConnection db, LibraryRecord library, FileOnDisk file, DateTimeOffset now)
    {
        Span<byte> head = stackalloc byte[MediaSniffer.HeadLength];
        int length;
        try
        {
            using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            length = RandomAccess.Read(handle, head, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, file.Path, e.Message);
            return null;
        }
        var name = Path.GetFileName(file.Path);
        if (MediaSniffer.Classify(head[..length], name) is not { } media)
        {
            return null;
        }
        var asset = new AssetRecord(Guid.CreateVersion7(now).ToString(), library.OwnerId, PathChecksum(file.Path), media.Type, file.Path, name,
            media.MimeType, file.Size, file.CreatedAt, file.ModifiedAt, file.ModifiedAt, null, null, false, now, now, null);
        if (!store.InsertAsset(db, asset, library.Id))
        {
            return null; // already an asset (another library over the same folder)
        }
        jobs.EnqueueUploadSteps(db, asset.Id);
        return asset.Id;
    }

    /// <summary>
    /// Files the asset as the XMP sidecar beside it says (an unpacked export, digiKam, Lightroom): into the owner's album of
    /// each name (made if missing), a favourite when it is marked so, and tagged with its keywords (tags made if missing).
    /// Only adds: what the user changed in PiVault since stays. The rating and the rest are the metadata step's.
    /// </summary>
    private void FileAsSidecarSays(SqliteConnection db, string ownerId, string assetId, string path, DateTimeOffset now)
    {
        if (SidecarMetadata.Filing(path) is not { } filing)
        {
            return;
        }
        foreach (var name in filing.Albums)
        {
            var albumId = albums.FindOwnedByName(db, ownerId, name);
            if (albumId is null)
            {
                albumId = Guid.CreateVersion7(now).ToString();
                albums.Insert(db, albumId, ownerId, name, "", now);
            }
            if (albums.AddAsset(db, albumId, assetId, now) > 0)
            {
                albums.Touch(db, albumId, now);
            }
        }
        if (filing.Favorite)
        {
            assets.MarkFavorite(db, assetId, now);
        }
        tags.TagFromMetadata(db, ownerId, assetId, filing.Tags);
    }

    /// <summary>Gone at one path and new at another with the same size and modification time, one of each: the file moved.</summary>
    private static List<(IndexedFile Old, FileOnDisk New)> PairRenames(List<IndexedFile> gone, List<FileOnDisk> fresh)
    {
        var goneByKey = gone.GroupBy(f => (f.Size, f.ModifiedAt)).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        return fresh.GroupBy(f => (f.Size, f.ModifiedAt)).Where(g => g.Count() == 1 && goneByKey.ContainsKey(g.Key))
            .Select(g => (goneByKey[g.Key], g.Single())).ToList();
    }

    private void Batched<T>(IReadOnlyList<T> items, Action<SqliteConnection, T> apply, CancellationToken cancel)
    {
        foreach (var chunk in items.Chunk(BatchSize))
        {
            cancel.ThrowIfCancellationRequested();
            using var db = database.Open();
            using var transaction = db.BeginTransaction();
            foreach (var item in chunk)
            {
                apply(db, item);
            }
            transaction.Commit();
        }
    }

    private static IEnumerable<FileOnDisk> Walk(string root, Func<string, bool> exclude, CancellationToken cancel)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var info in new DirectoryInfo(root).EnumerateFiles("*", options))
        {
            cancel.ThrowIfCancellationRequested();
            if (MediaTypes.FromFileName(info.Name) == MediaKind.Unknown || exclude(info.FullName))
            {
                continue;
            }
            var modified = Milliseconds(info.LastWriteTimeUtc);
            var created = Milliseconds(info.CreationTimeUtc);
            yield return new FileOnDisk(info.FullName, info.Length, modified, created < modified ? created : modified);
        }
    }

    private static DateTimeOffset Milliseconds(DateTime utc) => DateTimeOffset.FromUnixTimeMilliseconds(new DateTimeOffset(utc, TimeSpan.Zero).ToUnixTimeMilliseconds());

    internal static bool IsUnder(string path, string root) =>
        path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + "/", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Folder library {Library} scanned: {Added} added, {Changed} changed, {Renamed} moved, {Offline} gone offline, {Returned} back, {Skipped} not media; {Missing} import paths not there")]
    private static partial void LogScanned(ILogger logger, string library, int added, int changed, int renamed, int offline, int returned, int skipped, int missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Folder library file {Path} could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
