using System.IO.Compression;
using System.Text;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Backup;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Export;

/// <summary>
/// Writes an export as a ZIP straight onto a stream (the HTTP response): each original stored as it is (photos and videos
/// are compressed already, so no CPU is spent deflating them), then its XMP sidecar (<see cref="XmpSidecar"/>, the
/// backup's format: dates, GPS, description, favourite, albums, people). Nothing is staged on disk and memory stays at
/// one copy buffer, whatever the size. Originals that cannot be read now (cold drive away, folder-library file gone) are
/// listed in <c>MISSING.txt</c> at the end instead, since a streamed answer cannot turn into an error halfway.
/// </summary>
public sealed partial class ExportArchive(Database database, OriginalLocator originals, ILogger<ExportArchive> logger)
{
    public const string MissingEntry = "MISSING.txt";

    private const int CopyBuffer = 256 * 1024;

    private static readonly DateTimeOffset EarliestZipTime = new(1980, 1, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LatestZipTime = new(2107, 12, 30, 0, 0, 0, TimeSpan.Zero);

    public async Task WriteAsync(Stream output, IReadOnlyList<AssetRecord> assets, string viewerId, CancellationToken cancel)
    {
        await using var response = new AsyncResponseStream(output);
        await using (var zip = await ZipArchive.CreateAsync(response, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8, cancel))
        {
            await WriteEntriesAsync(zip, assets, viewerId, cancel);
        }
        await response.FlushAsync(cancel);
    }

    private async Task WriteEntriesAsync(ZipArchive zip, IReadOnlyList<AssetRecord> assets, string viewerId, CancellationToken cancel)
    {
        var layout = new ExportLayout();
        var missing = new List<string>();
        foreach (var asset in assets)
        {
            FileStream source;
            try
            {
                source = new FileStream(originals.Readable(asset.OriginalPath, asset.Tier), FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
            }
            catch (Exception e) when (e is OriginalOfflineException or IOException or UnauthorizedAccessException)
            {
                missing.Add($"{asset.Id}\t{asset.OriginalFileName}\t{e.Message}");
                continue;
            }
            var name = layout.EntryFor(asset);
            await using (source)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
                entry.LastWriteTime = ZipTime(asset.FileModifiedAt);
                await using var target = await entry.OpenAsync(cancel);
                await source.CopyToAsync(target, CopyBuffer, cancel);
            }
            await WriteSidecarAsync(zip, asset, name, viewerId, cancel);
        }
        if (missing.Count > 0)
        {
            LogMissing(logger, missing.Count);
            var entry = zip.CreateEntry(MissingEntry, CompressionLevel.Optimal);
            await using var target = await entry.OpenAsync(cancel);
            await target.WriteAsync(Encoding.UTF8.GetBytes("These originals could not be read when the export was made:\n" + string.Join('\n', missing) + "\n"), cancel);
        }
    }

    private async Task WriteSidecarAsync(ZipArchive zip, AssetRecord asset, string originalEntry, string viewerId, CancellationToken cancel)
    {
        XmpFacts? facts;
        using (var db = database.Open())
        {
            facts = XmpSource.ForAsset(db, asset.Id, viewerId);
        }
        if (facts is null)
        {
            return;
        }
        var entry = zip.CreateEntry(XmpSidecar.PathFor(originalEntry), CompressionLevel.Optimal);
        entry.LastWriteTime = ZipTime(asset.FileModifiedAt);
        await using var target = await entry.OpenAsync(cancel);
        await target.WriteAsync(XmpSidecar.Write(facts), cancel);
    }

    /// <summary>ZIP's DOS times run from 1980 to 2107.</summary>
    private static DateTimeOffset ZipTime(DateTimeOffset time) =>
        time < EarliestZipTime ? EarliestZipTime : time > LatestZipTime ? LatestZipTime : time;

    [LoggerMessage(Level = LogLevel.Warning, Message = "An export left out {Count} originals that could not be read (listed in its MISSING.txt)")]
    private static partial void LogMissing(ILogger logger, int count);
}
