using Microsoft.Data.Sqlite;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Native.Vips;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Media;

/// <summary>
/// The one shape of the machine-learning steps (text in photos, smart search, faces): read the asset's preview (never
/// the original), run the model, then write the result in the transaction that stamps the step done. A step whose model
/// is off — missing, or broken while it ran — ends without stamping, so the asset is done once a model is installed (the
/// admin's "missing" run), never retried in a loop; a preview that cannot be decoded fails the job for good. An asset
/// deleted meanwhile, one without pixels or without a preview yet (the thumbnails step queues these steps when done)
/// is left alone.
/// </summary>
public sealed partial class PreviewStep(Database database, AssetStore assets, DerivedFileStore derived, TimeProvider time, ILogger<PreviewStep> logger)
{
    /// <param name="kind">The job kind the step stamps done.</param>
    /// <param name="model">The step's model, or why it is off.</param>
    /// <param name="infer">Reads the preview at the path (through <see cref="Pixels"/> or <see cref="Decoded{T}"/>) and runs the model.</param>
    /// <param name="write">Writes what was found, inside the stamping transaction.</param>
    /// <param name="prepare">Schema work what was found needs (e.g. a vector table of its size), before that transaction.</param>
    public void Run<TModel, TFound>(
        string assetId, string kind, Func<(TModel? Model, string? OffReason)> model, Func<TModel, string, CancellationToken, TFound> infer,
        Action<SqliteConnection, AssetRecord, TFound, DateTimeOffset> write, CancellationToken cancel, Action<SqliteConnection, TFound>? prepare = null)
        where TModel : class
    {
        AssetRecord? asset;
        using (var db = database.Open())
        {
            asset = assets.FindById(db, assetId);
        }
        if (asset is null || asset.Type == AssetType.Other || asset.ThumbnailsAt is null)
        {
            return;
        }
        var (loaded, off) = model();
        if (loaded is null)
        {
            LogModelOff(logger, kind, asset.Id, off ?? "no model");
            return;
        }
        TFound found;
        try
        {
            found = infer(loaded, derived.PathFor(asset.OwnerId, asset.Id, DerivedKind.Preview), cancel); // a stop terminates the inference
        }
        catch (ModelUnavailableException e)
        {
            LogModelOff(logger, kind, asset.Id, e.Reason);
            return;
        }
        cancel.ThrowIfCancellationRequested(); // a safe point: nothing written yet
        using (var db = database.Open())
        {
            prepare?.Invoke(db, found);
            using var transaction = db.BeginTransaction();
            if (assets.FindById(db, asset.Id) is not null)
            {
                var now = time.GetUtcNow();
                write(db, asset, found, now);
                assets.MarkStepDone(db, asset.Id, kind, now);
            }
            transaction.Commit();
        }
    }

    /// <summary>The preview's pixels for <paramref name="purpose"/> ("text", "faces"): one that cannot be decoded fails the job for good.</summary>
    public static RgbFrame Pixels(string previewPath, string purpose) => Decoded(purpose, () =>
    {
        var pixels = RgbPixels.Decode(previewPath);
        return new RgbFrame(pixels.Width, pixels.Height, pixels.Pixels);
    });

    /// <summary>Runs a decoder of the preview; any failure but a stop or a model's is an undecodable preview.</summary>
    public static T Decoded<T>(string purpose, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is not (OperationCanceledException or ModelUnavailableException))
        {
            throw new UndecodableMediaException($"The preview cannot be read for {purpose}: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Step {Kind} skipped {AssetId}: its model is off ({Reason})")]
    private static partial void LogModelOff(ILogger logger, string kind, string assetId, string reason);
}
