using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.LivePhotos;
using PiVault.Server.Http;
using PiVault.Server.Features.Media;
using PiVault.Server.Features.Places;
using PiVault.Server.Features.Stacks;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// The metadata step of the pipeline: reads the original's capture date, place and camera, names the place, and
/// stores it all, with the user's hand edits laid over it (<see cref="AssetEditStore.Apply"/>). Idempotent: running it
/// twice writes the same rows.
/// </summary>
public sealed class MetadataService(
    Database database, AssetStore assets, AssetService access, AssetMetadataStore store, AssetEditStore edits, OriginalLocator originals, IMetadataReader reader,
    IReverseGeocoder geocoder, IVideoProbe video, SuppliedMetadataStore supplied, LivePhotoPairing livePhotos, MotionPhotoExtractor motionPhotos,
    AutomaticStacks stacking, TimeProvider time)
{
    /// <summary>The info panel's data for an asset the caller may see; 404 until the step has run.</summary>
    public AssetMetadataDto ForAsset(Caller caller, string assetId)
    {
        var asset = access.Get(caller, assetId);
        using var db = database.Open();
        return assets.MetadataOf(db, asset.Id) is { } row
            ? AssetMetadataDto.From(row)
            : throw ApiException.NotFound("The metadata of this asset has not been read yet.");
    }

    public async Task ExtractAsync(string assetId, CancellationToken cancel)
    {
        AssetRecord? asset;
        SuppliedMetadata? outside;
        using (var db = database.Open())
        {
            asset = assets.FindById(db, assetId);
            outside = asset is null ? null : supplied.Find(db, asset.OwnerId, asset.Checksum);
        }
        if (asset is null)
        {
            return; // deleted since the job was queued
        }
        var path = originals.Readable(asset.OriginalPath, asset.Tier);
        var fromFile = reader.Read(path, asset.OriginalFileName, asset.FileModifiedAt);
        if (asset.Tier == OriginalTier.External)
        {
            fromFile = SidecarMetadata.Overlay(fromFile, path, asset.OriginalFileName, asset.FileModifiedAt); // a folder library's XMP sidecar wins
        }
        var metadata = outside?.Merge(fromFile) ?? fromFile; // a Takeout sidecar's date, place and description (docs/takeout.md)
        var videoInfo = asset.Type == AssetType.Video ? await TryProbeAsync(path, cancel) : null;
        var place = metadata is { Latitude: { } lat, Longitude: { } lon } ? geocoder.Nearest(lat, lon) : null;
        var takenAt = TakenAt(asset, metadata, videoInfo);
        var duration = videoInfo?.DurationSeconds ?? metadata.DurationSeconds;

        cancel.ThrowIfCancellationRequested(); // a safe point: nothing written yet
        // Its own transactions: a crash after it leaves the step undone, and the rerun finds the video by its checksum.
        motionPhotos.Extract(asset, path, metadata);
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            store.Save(db, asset.Id, metadata, place, videoInfo?.Codec);
            var now = time.GetUtcNow();
            store.SaveTiming(db, asset.Id, takenAt, metadata.UtcOffset, duration is { } seconds ? (long)Math.Round(seconds * 1000) : null, now);
            edits.Apply(db, asset.Id, geocoder, now); // the user's hand edits win over the file, every run
            livePhotos.Pair(db, assets.FindById(db, asset.Id) ?? asset, metadata.ContentIdentifier, now);
            if (asset.MetadataAt is null)
            {
                stacking.Stack(db, asset.Id); // bursts and RAW+JPEG pairs, once: a later re-read keeps what the user changed
            }
            assets.MarkStepDone(db, asset.Id, JobKinds.Metadata, now);
            transaction.Commit();
        }
    }

    /// <summary>The file's own date (or a supplied one) wins; without one, what the phone said at upload beats the server's file time.</summary>
    private static DateTimeOffset TakenAt(AssetRecord asset, MediaMetadata metadata, VideoInfo? video) =>
        metadata.DateSource == "file"
            ? video?.CreationTime ?? asset.FileCreatedAt
            : metadata.TakenAtUtc ?? asset.TakenAt;

    /// <summary>A video that ffprobe cannot read still gets its container metadata; the thumbnail step reports the damage.</summary>
    private async Task<VideoInfo?> TryProbeAsync(string path, CancellationToken cancel)
    {
        try
        {
            return await video.ProbeAsync(path, cancel);
        }
        catch (VideoDecodeException)
        {
            return null;
        }
    }
}
