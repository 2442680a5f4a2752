using System.Net;
using System.Net.Http.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The upload's <c>metadata</c> field (the iOS app's iCloud id), <c>/api/assets/{id}/metadata</c> and onboarding over real
/// HTTP, and the sync lines they cause (AssetMetadataV1, UserMetadataV1, AuthUserV1, their deletions), each answer and line
/// checked against @immich/sdk 3.2.2's types.
/// </summary>
public sealed class ImmichMetadataSyncTests : ServerWithAdmin
{
    private const string ICloud = """[{"key":"mobile-app","value":{"iCloudId":"E2B5A1C4-0000-4000-8000-000000000001"}}]""";

    [Fact]
    public async Task The_uploads_icloud_id_is_stored_and_reaches_the_sync_stream_in_immichs_shapes()
    {
        using var client = Server.Client(Admin);
        var upload = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(Uploads.RandomBytes(3000, 1), "IMG_0001.JPG", "local-1", metadata: ICloud));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await upload.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;

        var stored = await client.GetAsync($"/api/assets/{id}/metadata/mobile-app", "AssetMetadataResponseDto");
        Assert.Equal("E2B5A1C4-0000-4000-8000-000000000001", stored.GetProperty("value").GetProperty("iCloudId").GetString());
        var all = await client.CallAsync(HttpMethod.Put, $"/api/assets/{id}/metadata", new { items = new[] { new { key = "pivault-test", value = new { n = 1 } } } },
            HttpStatusCode.OK, "AssetMetadataResponseDto[]");
        Assert.Equal(["mobile-app", "pivault-test"], all.EnumerateArray().Select(m => m.GetProperty("key").GetString()));
        await client.CallAsync(HttpMethod.Put, "/api/users/me/onboarding", new { isOnboarded = true }, HttpStatusCode.OK, "OnboardingResponseDto");
        await client.CallAsync(HttpMethod.Put, "/api/users/me/preferences", new { memories = new { enabled = false } }, HttpStatusCode.OK, "UserPreferencesResponseDto");

        string[] types = ["AuthUsersV1", "UserMetadataV1", "AssetsV1", "AssetMetadataV1"];
        var lines = await client.SyncAsync(types); // each line checked against its Sync* type
        Assert.Equal(["AuthUserV1", "UserMetadataV1", "UserMetadataV1", "AssetV1", "AssetMetadataV1", "AssetMetadataV1", "SyncCompleteV1"], lines.Select(l => l.Type));
        var user = lines.Where(l => l.Type == "UserMetadataV1").ToDictionary(l => l.Data.GetProperty("key").GetString()!, l => l.Data.GetProperty("value"));
        Assert.False(user["preferences"].GetProperty("memories").GetProperty("enabled").GetBoolean());
        Assert.True(user["onboarding"].GetProperty("isOnboarded").GetBoolean());
        Assert.Equal(3000, lines[0].Data.GetProperty("quotaUsageInBytes").GetInt64());
        await client.AckAsync(lines.Select(l => l.Ack));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/assets/{id}/metadata/pivault-test")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/users/me/onboarding")).StatusCode);
        lines = await client.SyncAsync(types);
        Assert.Equal(["UserMetadataDeleteV1", "AssetMetadataDeleteV1", "SyncCompleteV1"], lines.Select(l => l.Type));
        Assert.Equal((id, "pivault-test"), (lines[1].Data.GetProperty("assetId").GetString(), lines[1].Data.GetProperty("key").GetString()));
    }

    [Theory]
    [InlineData("{\"key\":\"mobile-app\"}", "JSON array")]
    [InlineData("[{\"key\":\"mobile-app\",\"value\":\"E2B5\"}]", "must be a JSON object")]
    [InlineData("[{\"key\":\"mobile-app\",\"value\":{\"iCloudId\":5}}]", "strings only")]
    [InlineData("[{\"key\":\"Not A Key\",\"value\":{}}]", "metadata key")]
    [InlineData("[{\"value\":{}}]", "metadata key")]
    [InlineData("[{\"key\":\"a\",\"value\":{}},{\"key\":\"a\",\"value\":{}}]", "once")]
    [InlineData("not json", "JSON array")]
    public async Task A_bad_metadata_field_is_refused_and_nothing_is_stored(string metadata, string message)
    {
        using var client = Server.Client(Admin);
        var response = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(Uploads.RandomBytes(3000, 7), "IMG_0007.JPG", "local-7", metadata: metadata));
        Assert.Contains(message, await response.AssertImmichErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(0, (await client.GetAsync("/api/assets/statistics", "AssetStatsResponseDto")).GetProperty("total").GetInt32());
        Assert.Empty(Directory.EnumerateFiles(Server.Options.LibraryDir, "*", SearchOption.AllDirectories)); // the received file too
    }
}
