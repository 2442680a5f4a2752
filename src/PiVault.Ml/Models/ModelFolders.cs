namespace PiVault.Ml.Models;

/// <summary>
/// Where installed models are looked for, in order: the <c>--models-dir</c> folder (or <c>&lt;data dir&gt;/models</c>),
/// then <c>models/</c> beside the binary (the build puts the OCR models there), then the image's
/// <c>/usr/lib/pivault/models</c>. Per model, the first folder that holds all its files wins.
/// </summary>
public sealed class ModelFolders(IReadOnlyList<string> roots)
{
    public const string SystemDir = "/usr/lib/pivault/models";

    public IReadOnlyList<string> Roots { get; } = roots;

    /// <summary>The first root is where <c>pivault models pull/install</c> write.</summary>
    public string Primary => Roots[0];

    public static ModelFolders Default(string primary) =>
        new(new[] { primary, Path.Combine(AppContext.BaseDirectory, "models"), SystemDir }
            .Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList());

    /// <summary>The folder that holds every file of <paramref name="model"/>; null when no root has them all.</summary>
    public string? Locate(ModelEntry model) =>
        Roots.Select(root => Path.Combine(root, model.Name))
            .FirstOrDefault(folder => model.Files.All(file => File.Exists(Path.Combine(folder, file.Path))));

    /// <summary>The files of <paramref name="model"/> that no root holds completely: what an admin must install.</summary>
    public IReadOnlyList<string> Missing(ModelEntry model)
    {
        var partial = Roots.Select(root => Path.Combine(root, model.Name)).FirstOrDefault(Directory.Exists);
        return partial is null
            ? [.. model.Files.Select(f => f.Path)]
            : [.. model.Files.Where(f => !File.Exists(Path.Combine(partial, f.Path))).Select(f => f.Path)];
    }
}
