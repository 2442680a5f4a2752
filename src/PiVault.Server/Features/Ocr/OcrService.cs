using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Media;
using PiVault.Server.Queue;

namespace PiVault.Server.Features.Ocr;

/// <summary>
/// Text in photos: the <c>asset.ocr</c> step (<see cref="PreviewStep"/>) reads an asset's preview with PP-OCR and stores
/// its lines, and callers who may view an asset read them.
/// </summary>
public sealed class OcrService(Database database, AssetAccess access, OcrStore store, PhotoOcr ocr, IModels models, PreviewStep step)
{
    public Task ReadAsync(string assetId, CancellationToken cancel)
    {
        step.Run<PhotoOcr, IReadOnlyList<OcrLine>>(
            assetId, JobKinds.Ocr,
            () => models.Availability(OcrModel.Name) is { Available: false } off ? (null, off.Reason ?? "not installed") : (ocr, null),
            (model, preview, token) => model.Read(PreviewStep.Pixels(preview, "text"), token),
            (db, asset, lines, _) => store.Replace(db, asset.Id, lines),
            cancel);
        return Task.CompletedTask;
    }

    /// <summary>The lines of an asset the caller may view (owner or album member), in reading order; empty when none were found.</summary>
    public List<AssetOcrDto> Lines(Caller caller, string assetId)
    {
        using var db = database.Open();
        var asset = access.RequireViewable(db, caller, assetId);
        return store.Lines(db, asset.Id);
    }
}
