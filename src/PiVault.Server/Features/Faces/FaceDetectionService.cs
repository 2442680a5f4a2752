using PiVault.Ml.Faces;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Media;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Faces;

/// <summary>
/// The <c>asset.faces</c> step: finds the faces on an asset's preview (never the original), aligns and embeds each,
/// and writes them (<see cref="FaceStore.Replace"/>) in the transaction that stamps <c>faces_at</c>. Without usable
/// models the step ends without stamping, so the asset is done once a model is installed (the admin's "missing" run),
/// never retried in a loop. Putting faces into people is the people step's work.
/// </summary>
public sealed partial class FaceDetectionService(
    Database database, AssetStore assets, FaceStore store, DerivedFileStore derived, FaceModel model, TimeProvider time, ILogger<FaceDetectionService> logger)
{
    public Task DetectAsync(string assetId, CancellationToken cancel)
    {
        AssetRecord? asset;
        using (var db = database.Open())
        {
            asset = assets.FindById(db, assetId);
        }
        if (asset is null || asset.Type == AssetType.Other || asset.ThumbnailsAt is null)
        {
            return Task.CompletedTask; // deleted meanwhile, no pixels, or no preview yet (thumbnails queue this step when done)
        }
        var (faces, off) = model.Current();
        if (faces is null)
        {
            LogModelOff(logger, asset.Id, off ?? "no face model");
            return Task.CompletedTask;
        }
        var preview = Preview(asset);
        IReadOnlyList<RecognisedFace> found;
        try
        {
            found = faces.Find(preview, cancel); // a stop terminates the inference
        }
        catch (ModelUnavailableException e)
        {
            LogModelOff(logger, asset.Id, e.Reason);
            return Task.CompletedTask;
        }
        cancel.ThrowIfCancellationRequested(); // a safe point: nothing written yet
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            if (assets.FindById(db, asset.Id) is not null)
            {
                var now = time.GetUtcNow();
                store.Replace(db, asset.Id, asset.OwnerId, preview.Width, preview.Height, found, faces.Model, now);
                assets.MarkStepDone(db, asset.Id, JobKinds.Faces, now);
            }
            transaction.Commit();
        }
        return Task.CompletedTask;
    }

    /// <summary>The preview's pixels; one that cannot be decoded fails the job for good.</summary>
    private RgbFrame Preview(AssetRecord asset)
    {
        try
        {
            var pixels = RgbPixels.Decode(derived.PathFor(asset.OwnerId, asset.Id, DerivedKind.Preview));
            return new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new UndecodableMediaException($"The preview cannot be read for faces: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Faces of {AssetId} not detected: the face models are off ({Reason})")]
    private static partial void LogModelOff(ILogger logger, string assetId, string reason);
}
