using PiVault.Ml.Models;

namespace PiVault.Server.Features.Ml;

/// <summary>What <c>pivault models list</c> and <c>verify</c> print: per model where it is installed, and per file whether it matches the manifest.</summary>
public sealed class ModelReport(ModelManifest manifest, ModelFolders folders)
{
    public IReadOnlyList<ModelListRow> List() =>
        [.. manifest.Models.Select(m => new ModelListRow(m.Name, m.Task, folders.Locate(m), folders.Missing(m), m.Licence, m.Optional))];

    /// <summary>Re-hashes every installed file (no cache: this is the check that the disk still holds what was installed).</summary>
    public IReadOnlyList<FileCheck> Verify()
    {
        var checks = new List<FileCheck>();
        foreach (var model in manifest.Models)
        {
            var folder = folders.Locate(model)
                ?? folders.Roots.Select(root => Path.Combine(root, model.Name)).FirstOrDefault(Directory.Exists);
            if (folder is null)
            {
                continue; // not installed anywhere: nothing to verify
            }
            checks.AddRange(model.Files.Select(file => Check(model, file, Path.Combine(folder, file.Path))));
        }
        return checks;
    }

    private static FileCheck Check(ModelEntry model, ModelFile file, string path)
    {
        if (!File.Exists(path))
        {
            return new FileCheck(model.Name, file.Path, FileVerdict.Missing, $"missing ({path})");
        }
        var hash = FileIntegrity.Sha256Of(path);
        if (file.Sha256 is null)
        {
            return new FileCheck(model.Name, file.Path, FileVerdict.NoPinnedChecksum, $"no pinned checksum (SHA-256 {hash})");
        }
        return string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase)
            ? new FileCheck(model.Name, file.Path, FileVerdict.Ok, "ok")
            : new FileCheck(model.Name, file.Path, FileVerdict.Mismatch, $"MISMATCH: SHA-256 {hash}, the manifest expects {file.Sha256} ({path})");
    }
}

public sealed record ModelListRow(string Name, string Task, string? InstalledIn, IReadOnlyList<string> Missing, string Licence, bool Optional);

public enum FileVerdict
{
    Ok,
    NoPinnedChecksum,
    Missing,
    Mismatch,
}

public sealed record FileCheck(string Model, string File, FileVerdict Verdict, string Message);
