using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Media;

/// <summary>
/// The video-playback step, after the thumbnails: a video every browser plays as it is stays as it is; any other gets
/// an H.264 copy beside its thumbnails (<see cref="PlaybackPolicy"/>), which the playback endpoints then serve. The
/// original is never touched. Idempotent: a run replaces the copy atomically, and a cancelled run leaves nothing.
/// </summary>
public sealed partial class VideoPlaybackService(
    Database database, AssetStore assets, OriginalLocator originals, DerivedFileStore derived, IVideoProbe probe, IVideoEncoder encoder,
    TimeProvider time, ILogger<VideoPlaybackService> logger)
{
    public async Task PrepareAsync(string assetId, CancellationToken cancel)
    {
        AssetRecord? asset;
        using (var db = database.Open())
        {
            asset = assets.FindById(db, assetId);
        }
        if (asset is null || asset.Type != AssetType.Video)
        {
            return; // deleted meanwhile
        }
        var path = originals.Readable(asset.OriginalPath, asset.Tier);
        if (!File.Exists(path))
        {
            throw new UndecodableMediaException($"The original file is missing from the library ({asset.OriginalPath}).");
        }
        try
        {
            var info = await probe.ProbeAsync(path, cancel);
            if (PlaybackPolicy.WhyEncode(info) is { } reason)
            {
                LogEncoding(logger, asset.Id, reason);
                await EncodeAsync(asset, path, info, cancel);
            }
            else
            {
                derived.Delete(asset.OwnerId, asset.Id, DerivedKind.Playback); // one an older rule made
            }
        }
        catch (VideoDecodeException e)
        {
            throw new UndecodableMediaException(e.Message);
        }
        using (var db = database.Open())
        {
            assets.MarkStepDone(db, asset.Id, JobKinds.VideoPlayback, time.GetUtcNow());
        }
    }

    private async Task EncodeAsync(AssetRecord asset, string path, VideoInfo info, CancellationToken cancel)
    {
        var temp = derived.TempPathFor(DerivedKind.Playback);
        try
        {
            await encoder.EncodeAsync(path, info, temp, cancel);
            cancel.ThrowIfCancellationRequested(); // a safe point: the copy is not in place yet
            derived.Commit(temp, asset.OwnerId, asset.Id, DerivedKind.Playback);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Making a playback copy of video {AssetId}: {Reason}")]
    private static partial void LogEncoding(ILogger logger, string assetId, string reason);
}
