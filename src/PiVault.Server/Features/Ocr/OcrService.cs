using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Media;
using PiVault.Server.Features.Auth;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Ocr;

/// <summary>
/// Text in photos: the <c>asset.ocr</c> step reads an asset's preview (never the original) with PP-OCR and stores its
/// lines, and callers who may view an asset read them. Without the model the step ends without stamping
/// <c>ocr_at</c>, so the asset is read once the model is installed (the admin's "missing" run), never retried in a loop.
/// </summary>
public sealed partial class OcrService(
    Database database, AssetStore assets, AssetAccess access, OcrStore store, DerivedFileStore derived, PhotoOcr ocr, IModels models,
    TimeProvider time, ILogger<OcrService> logger)
{
    public Task ReadAsync(string assetId, CancellationToken cancel)
    {
        AssetRecord? asset;
        using (var db = database.Open())
        {
            asset = assets.FindById(db, assetId);
        }
        if (asset is null || asset.Type == AssetType.Other || asset.ThumbnailsAt is null)
        {
            return Task.CompletedTask; // deleted meanwhile, nothing to read, or no preview yet (thumbnails queue this step when done)
        }
        if (models.Availability(OcrModel.Name) is { Available: false } off)
        {
            LogModelOff(logger, asset.Id, off.Reason ?? "not installed");
            return Task.CompletedTask;
        }
        var lines = Read(asset, cancel);
        if (lines is null)
        {
            return Task.CompletedTask;
        }
        cancel.ThrowIfCancellationRequested(); // a safe point: nothing written yet
        using (var db = database.Open())
        using (var transaction = db.BeginTransaction())
        {
            store.Replace(db, asset.Id, lines);
            assets.MarkStepDone(db, asset.Id, JobKinds.Ocr, time.GetUtcNow());
            transaction.Commit();
        }
        return Task.CompletedTask;
    }

    /// <summary>The lines of an asset the caller may view (owner or album member), in reading order; empty when none were found.</summary>
    public List<AssetOcrDto> Lines(Caller caller, string assetId)
    {
        using var db = database.Open();
        var asset = access.RequireViewable(db, caller, assetId);
        return store.Lines(db, asset.Id);
    }

    /// <summary>The preview's lines; null when the model went missing meanwhile. A preview that cannot be decoded fails the job for good.</summary>
    private IReadOnlyList<OcrLine>? Read(AssetRecord asset, CancellationToken cancel)
    {
        RgbPixels pixels;
        try
        {
            pixels = RgbPixels.Decode(derived.PathFor(asset.OwnerId, asset.Id, DerivedKind.Preview));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new UndecodableMediaException($"The preview cannot be read for text: {e.Message}");
        }
        try
        {
            return ocr.Read(new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels), cancel); // a stop terminates the inference
        }
        catch (ModelUnavailableException e)
        {
            LogModelOff(logger, asset.Id, e.Reason);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Text in photo {AssetId} not read: the OCR model is off ({Reason})")]
    private static partial void LogModelOff(ILogger logger, string assetId, string reason);
}
