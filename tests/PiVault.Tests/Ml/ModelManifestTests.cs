using System.Text;
using PiVault.Ml.Models;
using PiVault.Server.Configuration;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml;

public sealed class ModelManifestTests
{
    [Fact]
    public void The_repository_manifest_pins_the_ocr_and_face_files_it_ships_with_and_says_when_it_cannot()
    {
        var manifest = MlTestModels.Manifest;

        var ocr = manifest.Find("PP-OCRv4")!;
        var assets = Path.Combine(MlTestModels.RepoRoot(), "deps", "node_modules", "@gutenye", "ocr-models", "assets");
        Assert.All(ocr.Files, f => Assert.Equal(f.Sha256, FileIntegrity.Sha256Of(Path.Combine(assets, f.Path))));
        Assert.All(ocr.Files, f => Assert.Equal(f.Bytes, new FileInfo(Path.Combine(assets, f.Path)).Length));
        Assert.Equal(FileIntegrity.Sha256Of(MlTestModels.YuNetSource), manifest.Find("YuNet")!.Files.Single().Sha256);
        var clip = manifest.Find("ViT-B-32__openai")!;
        Assert.Equal(512, clip.EmbeddingSize);
        Assert.Contains(clip.Files, f => f.Path == "visual/model.onnx");
        Assert.All(clip.Files, f => Assert.Null(f.Sha256));
        Assert.Contains("no pinned SHA-256", clip.Notes, StringComparison.OrdinalIgnoreCase);
        Assert.True(manifest.Find("MobileFaceNet-test")!.Optional);
        Assert.Contains("clip-multilingual", manifest.Choices!.Keys);
    }

    [Theory]
    [InlineData("""{"models":[{"name":"X","task":"ocr","licence":"MIT","files":[{"path":"../../etc/passwd"}]}]}""", "relative path inside")]
    [InlineData("""{"models":[{"name":"X","task":"ocr","licence":"MIT","files":[]}]}""", "at least one file")]
    [InlineData("""{"models": 3}""", "not valid JSON")]
    [InlineData("""{}""", "no \"models\" list")]
    public void A_bad_manifest_is_refused_with_a_sentence(string json, string expected)
    {
        var error = Assert.Throws<ManifestException>(() => ModelManifest.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void The_build_puts_the_manifest_and_the_ocr_models_beside_the_binary()
    {
        Assert.Equal(MlTestModels.Manifest.Models.Count, ModelManifest.Installed().Models.Count);
        var folders = ModelFolders.Default(TempDir.Create());
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "models", "PP-OCRv4"), folders.Locate(MlTestModels.Manifest.Find("PP-OCRv4")!));
    }

    [Fact]
    public void Models_dir_comes_from_the_flag_then_the_environment_then_the_data_dir_and_the_first_folder_holding_a_model_wins()
    {
        var env = new Dictionary<string, string> { ["PIVAULT_MODELS_DIR"] = "/srv/env-models" };
        Assert.Equal("/srv/flag-models", OptionsLoader.Load(new Dictionary<string, string> { ["models-dir"] = "/srv/flag-models", ["data-dir"] = "/srv/d" }, env.GetValueOrDefault).ModelsRoot);
        Assert.Equal("/srv/env-models", OptionsLoader.Load(new Dictionary<string, string> { ["data-dir"] = "/srv/d" }, env.GetValueOrDefault).ModelsRoot);
        Assert.Equal("/srv/d/models", OptionsLoader.Load(new Dictionary<string, string> { ["data-dir"] = "/srv/d" }, _ => null).ModelsRoot);

        var first = TempDir.Create();
        var second = TempDir.Create();
        try
        {
            var yunet = MlTestModels.Manifest.Find("YuNet")!;
            var folders = new ModelFolders([first, second]);
            Directory.CreateDirectory(Path.Combine(first, "YuNet")); // an empty folder does not hold the model
            MlTestModels.InstallYuNet(second);
            Assert.Equal(Path.Combine(second, "YuNet"), folders.Locate(yunet));
            MlTestModels.InstallYuNet(first);
            Assert.Equal(Path.Combine(first, "YuNet"), folders.Locate(yunet));
            Assert.Equal([first, Path.Combine(AppContext.BaseDirectory, "models"), ModelFolders.SystemDir], ModelFolders.Default(first).Roots);
        }
        finally
        {
            TempDir.Delete(first);
            TempDir.Delete(second);
        }
    }
}
