using PiVault.Ml.Faces;
using PiVault.Ml.Models;
using PiVault.Server.Configuration;

namespace PiVault.Server.Features.Faces;

/// <summary>
/// The face models the step runs on now (<see cref="FaceModels.Choose"/>: the configured <c>face-model</c>, else SFace,
/// else an installed Immich pack, else the test-only models), with the admin's minimum score and face size. Asked
/// each time, so a model installed while the server runs is used without a restart; the pass is kept while the choice
/// stays the same (sessions themselves stay with the model library).
/// </summary>
public sealed class FaceModel(IModels models, ModelManifest manifest, PiVaultOptions options)
{
    private readonly Lock gate = new();
    private (FaceModelChoice Choice, PhotoFaces Faces)? current;

    public FaceDetectorSettings Settings { get; } = new() { MinScore = options.FaceMinScore, MinFaceSize = options.FaceMinSize };

    /// <summary>The chosen models, or null and why the face feature is off.</summary>
    public (FaceModelChoice? Choice, string? OffReason) Choice() => FaceModels.Choose(manifest, models, options.FaceModel);

    /// <summary>The detect–align–embed pass on the current choice, or null and the reason faces are off.</summary>
    public (PhotoFaces? Faces, string? OffReason) Current()
    {
        var (choice, off) = Choice();
        if (choice is null)
        {
            return (null, off);
        }
        lock (gate)
        {
            if (current is not { } kept || kept.Choice != choice)
            {
                current = kept = (choice, FaceModels.Build(models, choice, Settings));
            }
            return (kept.Faces, null);
        }
    }
}
