using PiVault.Ml.Models;
using PiVault.Ml.Ocr;

namespace PiVault.Ml.Faces;

/// <summary>The models the face step runs on: a recogniser and the detector that goes with it.</summary>
/// <param name="TestOnly">The recogniser is a development/test model (unclear licence): the UI and health page say so.</param>
public sealed record FaceModelChoice(ModelEntry Recognizer, ModelPart Detector, bool Scrfd, bool TestOnly)
{
    /// <summary>"YuNet + SFace", "buffalo_l", "YuNet + MobileFaceNet-test (test-only models)": what the admin reads.</summary>
    public string Label => (Scrfd ? Recognizer.Name : $"{Detector.Model} + {Recognizer.Name}") + (TestOnly ? " (test-only models)" : "");
}

/// <summary>
/// Which face models run, from the manifest and what is installed: the configured recogniser when one is named;
/// otherwise the manifest's default recogniser (SFace), else an installed optional one (an Immich pack), else a
/// test-only one (MobileFaceNet, which development builds put beside the binary). A recogniser from a pack uses the
/// pack's SCRFD detector; any other uses the manifest's default detector (YuNet).
/// </summary>
public static class FaceModels
{
    /// <summary>The choice, or null with the reason the face feature is off (a sentence for the admin).</summary>
    public static (FaceModelChoice? Choice, string? OffReason) Choose(ModelManifest manifest, IModels models, string? configured = null)
    {
        var recognisers = manifest.Models.Where(m => m.Task == ModelTasks.FaceRecognition).ToList();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var named = recognisers.FirstOrDefault(m => m.Name == configured);
            return named is null
                ? (null, $"the configured face model {configured} is not a face-recognition model of this build's manifest")
                : WithDetector(manifest, models, named);
        }
        var preferred = recognisers.OrderBy(m => m.TestOnly ? 2 : m.Optional ? 1 : 0).ToList();
        if (preferred.FirstOrDefault(m => models.Availability(m.Name).Available) is { } installed)
        {
            return WithDetector(manifest, models, installed);
        }
        return preferred.FirstOrDefault() is { } wanted
            ? (null, $"{wanted.Name} {models.Availability(wanted.Name).Reason}")
            : (null, "this build's model manifest has no face-recognition model");
    }

    /// <summary>The detect–align–embed pass on the chosen models.</summary>
    public static PhotoFaces Build(IModels models, FaceModelChoice choice, FaceDetectorSettings settings)
    {
        IFaceDetector detector = choice.Scrfd ? new ScrfdDetector(models, choice.Detector, settings) : new YuNetDetector(models, choice.Detector, settings);
        var entry = choice.Recognizer;
        var file = entry.Files.First(f => f.IsOnnx && f.Path != entry.Detector).Path;
        var scaling = new PixelScaling((float)(entry.Mean is [var mean, ..] ? mean : 127.5), (float)(entry.Std is [var std, ..] ? std : 127.5));
        return new PhotoFaces(detector, new FaceRecognizer(models, new ModelPart(entry.Name, file), scaling, entry.EmbeddingSize));
    }

    private static (FaceModelChoice?, string?) WithDetector(ModelManifest manifest, IModels models, ModelEntry recogniser)
    {
        if (models.Availability(recogniser.Name) is { Available: false } off)
        {
            return (null, $"{recogniser.Name} {off.Reason}");
        }
        if (recogniser.Detector is { } packDetector)
        {
            return (new FaceModelChoice(recogniser, new ModelPart(recogniser.Name, packDetector), Scrfd: true, recogniser.TestOnly), null);
        }
        var detector = manifest.Models.FirstOrDefault(m => m.Task == ModelTasks.FaceDetection && !m.Optional);
        if (detector is null)
        {
            return (null, "this build's model manifest has no face-detection model");
        }
        if (models.Availability(detector.Name) is { Available: false } missing)
        {
            return (null, $"{detector.Name} {missing.Reason}");
        }
        var file = detector.Files.First(f => f.IsOnnx).Path;
        return (new FaceModelChoice(recogniser, new ModelPart(detector.Name, file), Scrfd: false, recogniser.TestOnly), null);
    }
}
