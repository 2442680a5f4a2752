using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Notifications;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Media;

/// <summary>A file the thumbnailer cannot turn into pictures, with the decoder's own words; retrying will not help.</summary>
public sealed class UndecodableMediaException(string message) : Exception(message);

/// <summary>
/// The thumbnail step: one decode of the original (or of a RAW's embedded preview, or of a video's poster frame)
/// gives the WebP thumbnail, the JPEG preview, the ThumbHash and the displayed size. Idempotent.
/// </summary>
public sealed partial class ThumbnailService(
    Database database, AssetStore assets, OriginalLocator originals, DerivedFileStore derived, IThumbnailer thumbnailer,
    IRawPreviewExtractor raw, IVideoProbe video, IUserNotifier notifier, TimeProvider time, ILogger<ThumbnailService> logger)
{
    private static readonly ThumbnailSpec Spec = new();

    public async Task GenerateAsync(string assetId, CancellationToken cancel)
    {
        AssetRecord? asset;
        using (var db = database.Open())
        {
            asset = assets.FindById(db, assetId);
        }
        if (asset is null || asset.Type == AssetType.Other)
        {
            return; // deleted meanwhile, or nothing PiVault can draw
        }
        var started = time.GetTimestamp();
        var set = await DecodeAsync(asset, originals.Readable(asset.OriginalPath, asset.Tier), cancel);

        cancel.ThrowIfCancellationRequested(); // a safe point: nothing written yet
        var drawn = time.GetTimestamp();
        derived.Write(asset.OwnerId, asset.Id, DerivedKind.Thumbnail, set.ThumbnailWebp);
        derived.Write(asset.OwnerId, asset.Id, DerivedKind.Preview, set.PreviewJpeg);
        var written = time.GetTimestamp();
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            var now = time.GetUtcNow();
            db.Execute(
                "UPDATE assets SET width = $w, height = $h, thumbhash = $hash, updated_at = $now WHERE id = $id;",
                ("$id", asset.Id), ("$w", set.SourceWidth), ("$h", set.SourceHeight), ("$hash", set.ThumbHash), ("$now", now.ToDb()));
            assets.MarkStepDone(db, asset.Id, JobKinds.Thumbnails, now);
            transaction.Commit();
        }
        notifier.AssetThumbnailsReady(asset.OwnerId, asset.Id);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var (drawMs, writeMs, rowMs) = (time.GetElapsedTime(started, drawn).TotalMilliseconds, time.GetElapsedTime(drawn, written).TotalMilliseconds,
                time.GetElapsedTime(written).TotalMilliseconds);
            LogTiming(logger, asset.Id, drawMs, writeMs, rowMs);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Thumbnails of {AssetId}: drawn in {DrawMs:F0} ms, files written in {WriteMs:F0} ms, row in {RowMs:F0} ms")]
    private static partial void LogTiming(ILogger logger, string assetId, double drawMs, double writeMs, double rowMs);

    private async Task<ThumbnailSet> DecodeAsync(AssetRecord asset, string path, CancellationToken cancel)
    {
        if (!File.Exists(path))
        {
            throw new UndecodableMediaException($"The original file is missing from the library ({asset.OriginalPath}).");
        }
        try
        {
            if (asset.Type == AssetType.Video)
            {
                var info = await video.ProbeAsync(path, cancel);
                return thumbnailer.Generate(await video.PosterFrameAsync(path, info, cancel), Spec) with { SourceWidth = info.Width, SourceHeight = info.Height };
            }
            if (IsCameraRaw(asset.MimeType))
            {
                var preview = raw.Extract(path) ?? throw new UndecodableMediaException("This RAW file has no embedded preview PiVault can show.");
                return thumbnailer.Generate(preview.OrientedJpeg(), Spec);
            }
            return thumbnailer.Generate(path, Spec);
        }
        catch (Exception e) when (e is MediaDecodeException or VideoDecodeException)
        {
            throw new UndecodableMediaException(e.Message);
        }
    }

    /// <summary>Sensor data needs a RAW developer libvips does not have; the camera's own JPEG preview is what we show.</summary>
    private static bool IsCameraRaw(string mimeType) =>
        mimeType.StartsWith("image/x-", StringComparison.Ordinal) && mimeType != "image/x-icon";
}
