using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml;

/// <summary>The ML features as the web app, the health page and Immich clients see them, from the installed models.</summary>
public sealed class MlFeaturesEndpointTests
{
    private static JsonElement Feature(JsonElement status, string name) =>
        status.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("feature").GetString() == name);

    [Fact]
    public async Task Ocr_and_faces_with_the_test_only_models_are_on_out_of_the_box_and_missing_models_are_off_with_a_reason()
    {
        await using var server = await TestServer.StartAsync(bundledModels: true);
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/ml/features");
        Assert.True(Feature(status, "ocr").GetProperty("on").GetBoolean()); // the build put PP-OCRv4 beside the binary
        var search = Feature(status, "smart-search");
        Assert.False(search.GetProperty("on").GetBoolean());
        Assert.Contains("ViT-B-32__openai not installed", search.GetProperty("reason").GetString());
        // The development build put the test face models beside the binary: faces are on, and say so.
        var faces = Feature(status, "face-detection");
        Assert.True(faces.GetProperty("on").GetBoolean());
        Assert.Equal("YuNet + MobileFaceNet-test (test-only models)", faces.GetProperty("model").GetString());
        var immich = await client.GetFromJsonAsync<JsonElement>("/api/server/features");
        Assert.True(immich.GetProperty("ocr").GetBoolean());
        Assert.False(immich.GetProperty("smartSearch").GetBoolean());
        Assert.True(immich.GetProperty("facialRecognition").GetBoolean());
        Assert.True(immich.GetProperty("duplicateDetection").GetBoolean());

        var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/system/health");
        Assert.True(Feature(health.GetProperty("ml"), "face-detection").GetProperty("on").GetBoolean());
        Assert.Equal(0, health.GetProperty("ml").GetProperty("loadedSessions").GetInt32());
    }

    [Fact]
    public async Task A_corrupt_model_turns_its_feature_off_and_the_server_keeps_answering()
    {
        await using var server = await TestServer.StartAsync(bundledModels: true);
        var path = MlTestModels.InstallYuNet(server.Options.ModelsRoot);
        File.WriteAllBytes(path, new byte[new FileInfo(path).Length]); // right size, all zeros
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/ml/features");

        var faces = Feature(status, "face-detection");
        Assert.False(faces.GetProperty("on").GetBoolean());
        Assert.Contains("SHA-256", faces.GetProperty("reason").GetString());
        Assert.True(Feature(status, "ocr").GetProperty("on").GetBoolean());
        Assert.Equal("pong", (await client.GetFromJsonAsync<JsonElement>("/api/v1/server/ping")).GetProperty("res").GetString());
    }
}
