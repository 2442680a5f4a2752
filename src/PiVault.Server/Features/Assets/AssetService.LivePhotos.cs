using System.Globalization;
using PiVault.Server.Features.Auth;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Assets;

/// <summary>Live Photo halves arriving through the upload path (docs/live-photos.md).</summary>
public sealed partial class AssetService
{
    /// <summary>
    /// The video an upload names in Immich's <c>livePhotoVideoId</c> field (the app uploads the movie first, then the still
    /// naming it): checked before anything is stored, so a refused upload leaves nothing behind.
    /// </summary>
    private string? LiveVideoNamedBy(Caller caller, ReceivedUpload upload)
    {
        if (Field(upload.Fields, "livePhotoVideoId") is not { } videoId)
        {
            return null;
        }
        if (upload.Media.Type != AssetType.Image)
        {
            throw ApiException.BadRequest("Only a photo can name its Live Photo video (livePhotoVideoId).");
        }
        using var db = database.Open();
        return access.RequireOwnedLiveVideo(db, caller, videoId).Id;
    }

    /// <summary>
    /// Stores the video cut out of a motion photo as the still's owner's own original (deduplicated by checksum, with the
    /// upload's pipeline steps) and links the still to it in the same transaction. A second run finds the same bytes and
    /// only makes sure of the link. Takes ownership of <paramref name="video"/>'s temp file.
    /// </summary>
    public string StoreMotionPhotoVideo(AssetRecord still, ReceivedUpload video)
    {
        var result = Store(still.OwnerId, video, (db, videoId, now) => livePhotos.Link(db, still.Id, videoId, now));
        if (result.Status == UploadStatus.Duplicate)
        {
            using var db = database.Open();
            using var transaction = db.BeginTransaction();
            livePhotos.Link(db, still.Id, result.Id, time.GetUtcNow());
            transaction.Commit();
        }
        return result.Id;
    }

    /// <summary>The upload fields that give an extracted video its still's times.</summary>
    public static Dictionary<string, string> FieldsFrom(AssetRecord still) => new(StringComparer.Ordinal)
    {
        ["fileCreatedAt"] = still.FileCreatedAt.ToString("O", CultureInfo.InvariantCulture),
        ["fileModifiedAt"] = still.FileModifiedAt.ToString("O", CultureInfo.InvariantCulture),
    };
}
