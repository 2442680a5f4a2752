using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Immich;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.LivePhotos;

/// <summary>
/// Live Photos over Immich's API on real HTTP: the app's order (movie, then the still naming it in livePhotoVideoId),
/// the asset responses and the sync stream carrying the link, the hidden video synced once and playable, a foreign
/// video refused in Immich's error shape, and the real Immich CLI's separate uploads paired by content identifier.
/// </summary>
public sealed class LivePhotoImmichTests : IAsyncLifetime
{
    private const string Identifier = "9A8B7C6D-1111-4222-8333-944455566677";
    private static readonly string[] AppSyncTypes = ["AuthUsersV1", "UsersV1", "AssetsV1"];

    private TestServer server = null!;
    private Credential admin = null!;
    private string work = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync();
        admin = await server.BootstrapAdminAsync();
        work = TempDir.Create();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        TempDir.Delete(work);
    }

    [Fact]
    public async Task The_apps_upload_order_links_the_pair_and_the_sync_stream_carries_it_with_the_hidden_video_once()
    {
        using var app = server.Client(admin);
        var videoId = await UploadAsync(app, LivePhotoMedia.Movie(Identifier), "IMG_0002.MOV", "local-mov");
        var stillForm = ImmichClient.MobileUpload(LivePhotoMedia.Still(Identifier), "IMG_0002.HEIC", "local-heic");
        stillForm.Add(new StringContent(videoId), "livePhotoVideoId");
        var stillResponse = await app.PostAsync("/api/assets", stillForm);
        Assert.Equal(HttpStatusCode.Created, stillResponse.StatusCode);
        var stillId = (await stillResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var still = await app.GetAsync($"/api/assets/{stillId}", "AssetResponseDto");
        Assert.Equal(videoId, still.GetProperty("livePhotoVideoId").GetString());
        var video = await app.GetAsync($"/api/assets/{videoId}", "AssetResponseDto");
        Assert.Equal("hidden", video.GetProperty("visibility").GetString());
        Assert.Equal(JsonValueKind.Null, video.GetProperty("livePhotoVideoId").ValueKind);

        var lines = await app.SyncAsync(AppSyncTypes);
        var assets = lines.Where(l => l.Type == "AssetV1").Select(l => l.Data).ToList();
        Assert.Equal(2, assets.Count);
        var syncedStill = Assert.Single(assets, a => a.GetProperty("id").GetString() == stillId);
        var syncedVideo = Assert.Single(assets, a => a.GetProperty("id").GetString() == videoId);
        Assert.Equal(videoId, syncedStill.GetProperty("livePhotoVideoId").GetString());
        Assert.Equal("timeline", syncedStill.GetProperty("visibility").GetString());
        Assert.Equal("hidden", syncedVideo.GetProperty("visibility").GetString());

        // The timeline's bucket holds the still alone, naming its video.
        var buckets = await app.GetFromJsonAsync<JsonElement>("/api/timeline/buckets");
        Assert.Equal(1, buckets.EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));

        // The app plays the hidden half by id.
        using var playback = await app.GetAsync($"/api/assets/{videoId}/video/playback");
        Assert.Equal(HttpStatusCode.OK, playback.StatusCode);
        Assert.StartsWith("video/", playback.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_livePhotoVideoId_naming_another_users_video_is_refused_in_immichs_error_shape_and_links_nothing()
    {
        var bob = await server.CreateUserAsync(admin, "bob@example.com");
        using var bobs = server.Client(bob);
        var bobsVideo = await UploadAsync(bobs, LivePhotoMedia.Movie(Identifier), "IMG_0003.MOV", "bob-mov");
        using var app = server.Client(admin);
        var files = server.LibraryFiles().Length;

        var form = ImmichClient.MobileUpload(LivePhotoMedia.Still(Identifier), "IMG_0003.HEIC", "admin-heic");
        form.Add(new StringContent(bobsVideo), "livePhotoVideoId");
        var message = await (await app.PostAsync("/api/assets", form)).AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        Assert.Contains("livePhotoVideoId", message, StringComparison.Ordinal);
        Assert.Equal(files, server.LibraryFiles().Length);
        var video = await bobs.GetAsync($"/api/assets/{bobsVideo}", "AssetResponseDto");
        Assert.Equal("timeline", video.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task The_real_immich_cli_uploads_the_heic_and_mov_separately_and_they_pair_by_content_identifier()
    {
        var folder = Path.Combine(work, "photos");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "IMG_0004.HEIC"), LivePhotoMedia.Still(Identifier));
        await File.WriteAllBytesAsync(Path.Combine(folder, "IMG_0004.MOV"), LivePhotoMedia.Movie(Identifier));
        var key = await server.CreateApiKeyAsync(admin, "all");
        var cli = new ImmichCli(Path.Combine(work, "config"));

        var upload = await cli.RunAsync("upload", "--recursive", "--json-output", "-u", server.BaseAddress + "api", "-k", key.Secret, folder);
        Assert.True(upload.Exit == 0, upload.Output + upload.Errors);
        var created = ImmichCli.JsonOutput(upload.Output).GetProperty("newAssets").EnumerateArray()
            .ToDictionary(a => Path.GetFileName(a.GetProperty("filepath").GetString()!), a => a.GetProperty("id").GetString()!);
        Assert.Equal(2, created.Count); // two separate uploads: the CLI sends no livePhotoVideoId

        using var client = server.Client(admin);
        var still = await EventuallyAsync(client, created["IMG_0004.HEIC"], a => a.GetProperty("livePhotoVideoId").ValueKind == JsonValueKind.String);
        Assert.Equal(created["IMG_0004.MOV"], still.GetProperty("livePhotoVideoId").GetString());
        var video = await client.GetAsync($"/api/assets/{created["IMG_0004.MOV"]}", "AssetResponseDto");
        Assert.Equal("hidden", video.GetProperty("visibility").GetString());
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/assets");
        Assert.Equal(1, page.GetProperty("total").GetInt64());
    }

    private static async Task<string> UploadAsync(HttpClient client, byte[] bytes, string name, string deviceAssetId)
    {
        var response = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(bytes, name, deviceAssetId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The asset once <paramref name="done"/> holds (the pipeline runs in the background), within a minute.</summary>
    private static async Task<JsonElement> EventuallyAsync(HttpClient client, string id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            var asset = await client.GetAsync($"/api/assets/{id}", "AssetResponseDto");
            if (done(asset))
            {
                return asset;
            }
            Assert.True(DateTime.UtcNow < deadline, $"not paired within a minute: {asset}");
            await Task.Delay(200);
        }
    }
}
