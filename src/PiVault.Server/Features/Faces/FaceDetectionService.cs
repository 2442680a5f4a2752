using PiVault.Server.Features.Media;
using PiVault.Server.Queue;

namespace PiVault.Server.Features.Faces;

/// <summary>
/// The <c>asset.faces</c> step (<see cref="PreviewStep"/>): finds the faces on an asset's preview, aligns and embeds
/// each, and writes them (<see cref="FaceStore.Replace"/>) in the transaction that stamps <c>faces_at</c>. Putting faces
/// into people is the people step's work.
/// </summary>
public sealed class FaceDetectionService(FaceStore store, FaceModel model, PreviewStep step)
{
    public Task DetectAsync(string assetId, CancellationToken cancel)
    {
        step.Run(
            assetId, JobKinds.Faces, model.Current,
            (faces, preview, token) =>
            {
                var frame = PreviewStep.Pixels(preview, "faces");
                return (faces.Model, frame.Width, frame.Height, Found: faces.Find(frame, token));
            },
            (db, asset, result, now) => store.Replace(db, asset.Id, asset.OwnerId, result.Width, result.Height, result.Found, result.Model, now),
            cancel);
        return Task.CompletedTask;
    }
}
