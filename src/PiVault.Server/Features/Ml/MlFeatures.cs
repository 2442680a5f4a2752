using PiVault.Ml.Models;
using PiVault.Server.Features.Faces;

namespace PiVault.Server.Features.Ml;

/// <summary>
/// Which ML features can run, from the models' availability: OCR (PP-OCR), smart search (CLIP) and faces (a detector and
/// a recogniser, <see cref="FaceModel"/>; "test-only models" in the model name when only those are installed), each
/// on or off with the reason an admin can act on. Answered from the files each time (cheap: hashes are cached), so a
/// model installed while the server runs turns its feature on without a restart. Never throws for a missing model.
/// </summary>
public sealed class MlFeatures(IModels models, ModelManifest manifest, FaceModel faces)
{
    public const string Ocr = "ocr";
    public const string SmartSearch = "smart-search";
    public const string FaceDetection = "face-detection";

    /// <summary>Each feature and the manifest task whose default (non-optional) model it runs on.</summary>
    private static readonly (string Feature, string Task, string Label)[] Table =
    [
        (Ocr, ModelTasks.Ocr, "Text in photos (OCR)"),
        (SmartSearch, ModelTasks.Clip, "Smart search"),
        (FaceDetection, ModelTasks.FaceRecognition, "Faces"),
    ];

    public IReadOnlyList<MlFeatureDto> All() => [.. Table.Select(row => Status(row.Feature, row.Task, row.Label))];

    public bool IsOn(string feature) => All().Any(f => f.Feature == feature && f.On);

    /// <summary>The model a feature runs on (the manifest's default for its task); null when the manifest has none.</summary>
    public string? ModelFor(string feature) =>
        feature == FaceDetection ? faces.Choice().Choice?.Recognizer.Name
            : Table.Where(row => row.Feature == feature).Select(row => DefaultModel(row.Task)?.Name).FirstOrDefault();

    private MlFeatureDto Status(string feature, string task, string label)
    {
        if (feature == FaceDetection)
        {
            var (choice, off) = faces.Choice();
            return new MlFeatureDto(feature, label, choice?.Label, choice is not null, off);
        }
        if (DefaultModel(task) is not { } model)
        {
            return new MlFeatureDto(feature, label, null, false, $"this build's model manifest has no {task} model");
        }
        var availability = models.Availability(model.Name);
        return new MlFeatureDto(feature, label, model.Name, availability.Available,
            availability.Available ? null : $"{model.Name} {availability.Reason}");
    }

    private ModelEntry? DefaultModel(string task) => manifest.Models.FirstOrDefault(m => m.Task == task && !m.Optional);
}
