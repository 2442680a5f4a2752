using System.Text.Json;
using System.Text.Json.Serialization;

namespace PiVault.Ml.Models;

/// <summary>
/// The models PiVault knows (<c>models/manifest.json</c>): per model its task, files with where to download them and their
/// SHA-256, licence and the numbers its pre/post-processing needs. One reader, through <see cref="ManifestJsonContext"/>.
/// </summary>
/// <param name="Choices">Which model is the default per purpose (CLIP, multilingual, the Pi) and why, in words for the admin.</param>
public sealed record ModelManifest(IReadOnlyList<ModelEntry> Models, IReadOnlyDictionary<string, string>? Choices = null)
{
    /// <summary>The file name beside the binary (copied there by the build) and at the repository root's <c>models/</c>.</summary>
    public const string FileName = "manifest.json";

    public static ModelManifest Empty { get; } = new([]);

    public ModelEntry? Find(string name) => Models.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    public static ModelManifest Parse(Stream json)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(json, ManifestJsonContext.Default.ModelManifest);
            return manifest?.Models is null ? throw new ManifestException("the manifest has no \"models\" list") : manifest.Checked();
        }
        catch (JsonException e)
        {
            throw new ManifestException($"the manifest is not valid JSON: {e.Message}");
        }
    }

    public static ModelManifest Load(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Parse(stream);
        }
        catch (IOException e)
        {
            throw new ManifestException($"cannot read the model manifest {path}: {e.Message}");
        }
    }

    /// <summary>The manifest beside the binary (<c>models/manifest.json</c>), or none when the build did not put one there.</summary>
    public static ModelManifest Installed() =>
        Path.Combine(AppContext.BaseDirectory, "models", FileName) is var path && File.Exists(path) ? Load(path) : Empty;

    private ModelManifest Checked()
    {
        foreach (var model in Models)
        {
            if (string.IsNullOrWhiteSpace(model.Name) || model.Files is not { Count: > 0 })
            {
                throw new ManifestException($"manifest entry '{model.Name}' needs a name and at least one file");
            }
            if (model.Files.FirstOrDefault(f => !IsInsideFolder(f.Path)) is { } bad)
            {
                throw new ManifestException($"manifest entry '{model.Name}': file '{bad.Path}' must be a relative path inside the model folder");
            }
        }
        return this;
    }

    private static bool IsInsideFolder(string path) =>
        !string.IsNullOrWhiteSpace(path) && !Path.IsPathRooted(path) && !path.Split('/', '\\').Contains("..");
}

/// <summary>One model: a folder <c>&lt;models dir&gt;/&lt;Name&gt;/</c> holding <see cref="Files"/>.</summary>
/// <param name="TestOnly">A model for development and tests only (an unclear licence): used only when nothing else is installed, and labelled so.</param>
/// <param name="Detector">For a face recogniser that comes in a pack with its own SCRFD detector (Immich's buffalo_l): that file.</param>
public sealed record ModelEntry(
    string Name,
    string Task,
    IReadOnlyList<ModelFile> Files,
    string Licence,
    bool Optional = false,
    int? InputSize = null,
    IReadOnlyList<double>? Mean = null,
    IReadOnlyList<double>? Std = null,
    int? EmbeddingSize = null,
    string? Notes = null,
    bool TestOnly = false,
    string? Detector = null);

/// <summary>A model file: its path inside the model folder, where to download it, and (when pinned) its SHA-256 and size.</summary>
public sealed record ModelFile(string Path, string? Url = null, string? Sha256 = null, long? Bytes = null)
{
    public bool IsOnnx => Path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The model tasks the features ask for.</summary>
public static class ModelTasks
{
    public const string Ocr = "ocr";
    public const string Clip = "clip";
    public const string FaceDetection = "face-detection";
    public const string FaceRecognition = "face-recognition";
}

public sealed class ManifestException(string message) : Exception(message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
