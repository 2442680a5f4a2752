using Microsoft.Data.Sqlite;
using PiVault.Ml.Models;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;
using PiVault.Server.Queue;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.SmartSearch;

/// <summary>
/// Smart search: the <c>asset.smart-search</c> step stores each photo's CLIP image embedding (from its preview), and a
/// search ranks the caller's own photos by closeness to a text query's embedding, or to another photo's ("more like
/// this"), within the metadata search's filters. Off (a 4xx for searches, a job that ends without stamping) while the
/// CLIP model or sqlite-vec is missing.
/// </summary>
public sealed class SmartSearchService(
    Database database, AssetStore assets, AssetAccess access, EmbeddingIndex index, DerivedFileStore derived, SmartSearchModel model, TimeProvider time)
{
    public const int DefaultPageSize = 100;

    /// <summary>The job: embeds the asset's preview. Returns without stamping when smart search is off or the asset is gone.</summary>
    public async Task EmbedAsync(string assetId, CancellationToken cancel)
    {
        if (model.OffReason() is not null)
        {
            return; // queued again by the admin's "missing" once the model is installed
        }
        AssetRecord? asset;
        using (var db = database.Open())
        {
            asset = assets.FindById(db, assetId);
        }
        if (asset is null || asset.Type == AssetType.Other)
        {
            return;
        }
        var preview = derived.PathFor(asset.OwnerId, asset.Id, DerivedKind.Preview);
        if (!File.Exists(preview))
        {
            throw new EmbeddingFailedException("This asset has no preview yet: smart search reads the preview, so its thumbnails must be made first.");
        }
        var bytes = await File.ReadAllBytesAsync(preview, cancel);
        var embedding = Embed(bytes, cancel);
        cancel.ThrowIfCancellationRequested(); // a safe point: nothing written yet
        using (var db = database.Open())
        {
            index.Ensure(db, embedding.Length);
            using var transaction = db.BeginTransaction();
            if (assets.FindById(db, assetId) is not null)
            {
                index.Put(db, asset.Id, asset.OwnerId, embedding);
                assets.MarkStepDone(db, asset.Id, JobKinds.SmartSearch, time.GetUtcNow());
            }
            transaction.Commit();
        }
    }

    /// <summary>A page of the caller's photos, nearest to the query first. Exactly one of text and asset id is given.</summary>
    public (List<AssetChange> Items, int? NextPage) Search(Caller caller, string? text, string? likeAssetId, AssetQuery filters, int? page, int? size)
    {
        if (model.OffReason() is { } off)
        {
            throw new ApiException(StatusCodes.Status409Conflict, "Smart search is off", off);
        }
        var request = PageRequest.From(page, size, DefaultPageSize);
        using var db = database.Open();
        var vector = Target(db, caller, text, likeAssetId);
        var found = assets.Nearest(db, index, caller.UserId, filters, vector, request.Offset, request.Size + 1);
        var more = found.Count > request.Size;
        return (more ? found[..request.Size] : found, more ? request.Number + 1 : null);
    }

    private float[] Target(SqliteConnection db, Caller caller, string? text, string? likeAssetId)
    {
        if (!string.IsNullOrWhiteSpace(likeAssetId))
        {
            var asset = access.RequireViewable(db, caller, likeAssetId);
            return index.Get(db, asset.Id) ?? throw ApiException.BadRequest("This photo has not been indexed for smart search yet.");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ApiException.BadRequest("Give a query (text) or queryAssetId (a photo to find more like).");
        }
        return Unavailable(() => model.EmbedText(text.Trim()));
    }

    private float[] Embed(byte[] preview, CancellationToken cancel)
    {
        try
        {
            var encoder = model.Encoder;
            var tensor = Decoded(() => ClipPreview.Tensor(preview, encoder.Config.Image));
            return encoder.EmbedImage(tensor, cancel); // a stop terminates the inference
        }
        catch (ModelUnavailableException e)
        {
            throw new EmbeddingFailedException(e.Message);
        }
    }

    private static float[] Decoded(Func<float[]> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is not (OperationCanceledException or ModelUnavailableException))
        {
            throw new EmbeddingFailedException($"The preview could not be read for smart search: {e.Message}");
        }
    }

    /// <summary>A model that breaks while answering a search is the same "off" as one that is missing.</summary>
    private static T Unavailable<T>(Func<T> run)
    {
        try
        {
            return run();
        }
        catch (ModelUnavailableException e)
        {
            throw new ApiException(StatusCodes.Status409Conflict, "Smart search is off", e.Message);
        }
    }
}

/// <summary>An asset smart search cannot embed (no preview, an unreadable one, a model that fails): retrying will not help.</summary>
public sealed class EmbeddingFailedException(string message) : Exception(message);
