using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PiVault.Ml.Models;
using PiVault.Server.Cli;
using PiVault.Server.Configuration;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml;

/// <summary><c>pivault models install | verify | pull | list</c> against real files and a real HTTP server on 127.0.0.1.</summary>
public sealed class ModelsCommandTests : IDisposable
{
    private readonly string dataDir = TempDir.Create();
    private readonly string source = TempDir.Create();

    public void Dispose()
    {
        TempDir.Delete(dataDir);
        TempDir.Delete(source);
    }

    private PiVaultOptions Options => new() { Profile = RunProfile.Development, DataDir = dataDir, Urls = "http://127.0.0.1:0" };

    private string Installed => Path.Combine(dataDir, "models", "YuNet", "yunet_n_dynamic.onnx");

    private async Task<(int Code, string Output, string Error)> RunAsync(ModelManifest manifest, params string[] words)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var http = new HttpClient();
        var code = await ModelsCommand.RunAsync(Options, CommandLine.Parse(["models", .. words]), output, error, manifest, http);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Install_copies_a_model_folder_verified_and_verify_finds_a_changed_byte()
    {
        MlTestModels.InstallYuNet(source);

        var install = await RunAsync(MlTestModels.Manifest, "install", Path.Combine(source, "YuNet"));

        Assert.Equal(0, install.Code);
        Assert.Contains("SHA-256 checked", install.Output);
        Assert.Equal(File.ReadAllBytes(MlTestModels.YuNetSource), File.ReadAllBytes(Installed));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Installed)!, "*.tmp"));
        var clean = await RunAsync(MlTestModels.Manifest, "verify");
        Assert.Equal(0, clean.Code);
        Assert.Contains("YuNet/yunet_n_dynamic.onnx: ok", clean.Output);

        var bytes = File.ReadAllBytes(Installed);
        bytes[1000] ^= 0x01;
        File.WriteAllBytes(Installed, bytes);
        var changed = await RunAsync(MlTestModels.Manifest, "verify");

        Assert.Equal(1, changed.Code);
        Assert.Contains("YuNet/yunet_n_dynamic.onnx: MISMATCH", changed.Output);
        Assert.Contains("do not match the manifest", changed.Error);
    }

    [Fact]
    public async Task Install_refuses_a_file_whose_checksum_differs_and_leaves_nothing_behind()
    {
        var folder = Path.Combine(source, "YuNet");
        Directory.CreateDirectory(folder);
        var bytes = File.ReadAllBytes(MlTestModels.YuNetSource);
        bytes[^1] ^= 0x01; // same size, one bit different
        File.WriteAllBytes(Path.Combine(folder, "yunet_n_dynamic.onnx"), bytes);

        var install = await RunAsync(MlTestModels.Manifest, "install", folder);

        Assert.Equal(1, install.Code);
        Assert.Contains("does not match the manifest", install.Error);
        Assert.False(File.Exists(Installed));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Installed)!));
    }

    [Fact]
    public async Task Pull_downloads_and_installs_a_file_with_the_right_checksum_and_refuses_a_wrong_one()
    {
        var model = File.ReadAllBytes(MlTestModels.YuNetSource);
        await using var site = await ServeAsync(model);
        var url = site.Urls.Single();
        var good = Manifest(new ModelFile("yunet_n_dynamic.onnx", $"{url}/yunet.onnx", Convert.ToHexStringLower(SHA256.HashData(model)), model.Length));
        var bad = Manifest(new ModelFile("yunet_n_dynamic.onnx", $"{url}/yunet.onnx", new string('0', 64), model.Length));

        var refused = await RunAsync(bad, "pull", "YuNet");
        Assert.Equal(1, refused.Code);
        Assert.Contains("does not match the manifest", refused.Error);
        Assert.False(File.Exists(Installed));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Installed)!));

        var pulled = await RunAsync(good, "pull", "YuNet");
        Assert.Equal(0, pulled.Code);
        Assert.Equal(model, File.ReadAllBytes(Installed));
        var again = await RunAsync(good, "pull", "YuNet");
        Assert.Contains("already installed", again.Output);
        var list = await RunAsync(good, "list");
        Assert.Contains($"YuNet  [face-detection]  installed in {Path.Combine(dataDir, "models", "YuNet")}", list.Output);
    }

    [Fact]
    public async Task Pull_of_an_unknown_model_or_over_plain_http_elsewhere_is_refused_with_a_sentence()
    {
        var unknown = await RunAsync(MlTestModels.Manifest, "pull", "NoSuchModel");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("'NoSuchModel' is not in the model manifest", unknown.Error);

        var plain = await RunAsync(Manifest(new ModelFile("yunet_n_dynamic.onnx", "http://example.com/yunet.onnx")), "pull", "YuNet");
        Assert.Equal(1, plain.Code);
        Assert.Contains("only HTTPS downloads are allowed", plain.Error);

        Assert.Equal(64, (await RunAsync(MlTestModels.Manifest, "frobnicate")).Code);
    }

    private static ModelManifest Manifest(ModelFile file) => new([new ModelEntry("YuNet", ModelTasks.FaceDetection, [file], "Apache-2.0")]);

    private static async Task<WebApplication> ServeAsync(byte[] model)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var site = builder.Build();
        site.MapGet("/yunet.onnx", () => Results.Bytes(model, "application/octet-stream"));
        await site.StartAsync();
        return site;
    }
}
