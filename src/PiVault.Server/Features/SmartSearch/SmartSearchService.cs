using Microsoft.Data.Sqlite;
using PiVault.Ml.Clip;
using PiVault.Ml.Models;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Features.Media;
using PiVault.Server.Http;
using PiVault.Server.Queue;

namespace PiVault.Server.Features.SmartSearch;

/// <summary>
/// Smart search: the <c>asset.smart-search</c> step stores each photo's CLIP image embedding (from its preview), and a
/// search ranks the caller's own photos by closeness to a text query's embedding, or to another photo's ("more like
/// this"), within the metadata search's filters. Off (a 4xx for searches, a job that ends without stamping) while the
/// CLIP model or sqlite-vec is missing or broken.
/// </summary>
public sealed class SmartSearchService(
    Database database, AssetStore assets, AssetAccess access, EmbeddingIndex index, SmartSearchModel model, PreviewStep step)
{
    public const int DefaultPageSize = 100;

    /// <summary>The job (<see cref="PreviewStep"/>): embeds the asset's preview.</summary>
    public Task EmbedAsync(string assetId, CancellationToken cancel)
    {
        step.Run<ClipEncoder, float[]>(
            assetId, JobKinds.SmartSearch,
            () => model.OffReason() is { } off ? (null, off) : (model.Encoder, null),
            (encoder, preview, token) =>
                encoder.EmbedImage(PreviewStep.Decoded("smart search", () => ClipPreview.Tensor(File.ReadAllBytes(preview), encoder.Config.Image)), token),
            (db, asset, embedding, _) => index.Put(db, asset.Id, asset.OwnerId, embedding),
            cancel,
            prepare: (db, embedding) => index.Ensure(db, embedding.Length));
        return Task.CompletedTask;
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
