using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The Immich mobile app's backup flow, call by call, every response checked against the 3.2.2 schema:
/// discovery and public server info → login → users/me + preferences → upload → sync → ack → album → delete.
/// </summary>
public sealed class ImmichMobileFlowTests : IAsyncLifetime
{
    private static readonly string[] AppSyncTypes =
    [
        "AuthUsersV1", "UsersV1", "AssetsV2", "AssetExifsV1", "AssetEditsV1", "AssetMetadataV1", "PartnersV1", "PartnerAssetsV2",
        "PartnerAssetExifsV1", "AlbumsV2", "AlbumUsersV1", "AlbumAssetsV2", "AlbumAssetExifsV1", "AlbumToAssetsV1", "MemoriesV1",
        "MemoryToAssetsV1", "StacksV1", "PartnerStacksV1", "UserMetadataV1", "PeopleV1", "AssetFacesV2", "AssetOcrV1",
    ];

    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Ping_public_info_login_upload_sync_ack_and_delete_work_as_the_app_expects()
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var wellKnown = await anonymous.GetFromJsonAsync<JsonElement>("/.well-known/immich");
        Assert.Equal("/api", wellKnown.GetProperty("api").GetProperty("endpoint").GetString());
        Assert.Equal("pong", (await anonymous.GetAsync("/api/server/ping", "ServerPingResponse")).GetProperty("res").GetString());
        var version = await anonymous.GetAsync("/api/server/version", "ServerVersionResponseDto");
        Assert.Equal((3, 2, 2), (version.GetProperty("major").GetInt32(), version.GetProperty("minor").GetInt32(), version.GetProperty("patch").GetInt32()));
        Assert.True((await anonymous.GetAsync("/api/server/features", "ServerFeaturesDto")).GetProperty("passwordLogin").GetBoolean());
        Assert.False((await anonymous.GetAsync("/api/server/config", "ServerConfigDto")).GetProperty("isInitialized").GetBoolean());
        await anonymous.GetAsync("/api/server/media-types", "ServerMediaTypesResponseDto");

        await anonymous.CallAsync(HttpMethod.Post, "/api/auth/admin-sign-up",
            new { email = "phone@example.com", name = "Phone Owner", password = TestServer.Password }, HttpStatusCode.Created, "UserAdminResponseDto");
        Assert.True((await anonymous.GetAsync("/api/server/config", "ServerConfigDto")).GetProperty("isInitialized").GetBoolean());
        var login = await anonymous.CallAsync(HttpMethod.Post, "/api/auth/login",
            new { email = "phone@example.com", password = TestServer.Password }, HttpStatusCode.Created, "LoginResponseDto");
        var token = login.GetProperty("accessToken").GetString()!;

        // The app sends the token as x-immich-user-token on every call.
        using var app = new HttpClient { BaseAddress = server.BaseAddress };
        app.DefaultRequestHeaders.Add("x-immich-user-token", token);
        var me = await app.GetAsync("/api/users/me", "UserAdminResponseDto");
        Assert.Equal(login.GetProperty("userId").GetString(), me.GetProperty("id").GetString());
        await app.GetAsync("/api/users/me/preferences", "UserPreferencesResponseDto");

        var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Landscape_3.jpg"));
        var upload = await app.PostAsync("/api/assets", ImmichClient.MobileUpload(photo, "IMG_0001.JPG", "local-1"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonElement>();
        ImmichSchema.Instance.AssertValid(uploaded, "AssetMediaResponseDto");
        var assetId = uploaded.GetProperty("id").GetString()!;

        // Let the pipeline read the photo first, so the stream carries its EXIF and nothing changes after the ack.
        using var admin = new HttpClient { BaseAddress = server.BaseAddress };
        admin.DefaultRequestHeaders.Add("x-immich-user-token", token);
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(admin, TimeSpan.FromMinutes(1));
        var first = await app.SyncAsync(AppSyncTypes);
        Assert.Equal(["AuthUserV1", "UserV1", "AssetV2", "AssetExifV1", "SyncCompleteV1"], first.Select(l => l.Type));
        var asset = first.Single(l => l.Type == "AssetV2").Data;
        Assert.Equal(assetId, asset.GetProperty("id").GetString());
        Assert.Equal(Convert.ToBase64String(SHA1.HashData(photo)), asset.GetProperty("checksum").GetString());
        Assert.Equal("IMG_0001.JPG", asset.GetProperty("originalFileName").GetString());
        Assert.True(asset.GetProperty("isFavorite").GetBoolean());
        Assert.Equal(JsonValueKind.Null, asset.GetProperty("deletedAt").ValueKind);
        Assert.Equal(me.GetProperty("id").GetString(), asset.GetProperty("ownerId").GetString());

        await app.AckAsync(first.Select(l => l.Ack));
        Assert.Equal(["SyncCompleteV1"], (await app.SyncAsync(AppSyncTypes)).Select(l => l.Type));

        // An album with the photo in it: the album and the link, once; after the ack, nothing; removals as delete lines.
        var albumId = (await app.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Holiday" }, HttpStatusCode.Created, "AlbumResponseDto"))
            .GetProperty("id").GetString()!;
        await app.CallAsync(HttpMethod.Put, $"/api/albums/{albumId}/assets", new { ids = new[] { assetId } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        var albumLines = await app.SyncAsync(AppSyncTypes);
        Assert.Equal(["AlbumV2", "AlbumUserV1", "AlbumToAssetV1", "SyncCompleteV1"], albumLines.Select(l => l.Type));
        Assert.Equal((albumId, "Holiday", assetId), (albumLines[0].Data.GetProperty("id").GetString(), albumLines[0].Data.GetProperty("name").GetString(),
            albumLines[0].Data.GetProperty("thumbnailAssetId").GetString()));
        // AlbumV2 has no owner field: the owner arrives as an album user with role "owner".
        Assert.Equal((albumId, me.GetProperty("id").GetString(), "owner"), (albumLines[1].Data.GetProperty("albumId").GetString(),
            albumLines[1].Data.GetProperty("userId").GetString(), albumLines[1].Data.GetProperty("role").GetString()));
        Assert.Equal((albumId, assetId), (albumLines[2].Data.GetProperty("albumId").GetString(), albumLines[2].Data.GetProperty("assetId").GetString()));
        await app.AckAsync(albumLines.Select(l => l.Ack));
        Assert.Equal(["SyncCompleteV1"], (await app.SyncAsync(AppSyncTypes)).Select(l => l.Type));

        await app.CallAsync(HttpMethod.Delete, $"/api/albums/{albumId}/assets", new { ids = new[] { assetId } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        var removed = await app.SyncAsync(AppSyncTypes);
        Assert.Equal(["AlbumV2", "AlbumToAssetDeleteV1", "SyncCompleteV1"], removed.Select(l => l.Type));
        Assert.Equal((albumId, assetId), (removed[1].Data.GetProperty("albumId").GetString(), removed[1].Data.GetProperty("assetId").GetString()));
        await app.AckAsync(removed.Select(l => l.Ack));
        Assert.Equal(HttpStatusCode.NoContent, (await app.DeleteAsync($"/api/v1/albums/{albumId}")).StatusCode);
        var albumGone = await app.SyncAsync(AppSyncTypes);
        Assert.Equal(["AlbumDeleteV1", "SyncCompleteV1"], albumGone.Select(l => l.Type));
        Assert.Equal(albumId, albumGone[0].Data.GetProperty("albumId").GetString());
        await app.AckAsync(albumGone.Select(l => l.Ack));
        Assert.Equal(["SyncCompleteV1"], (await app.SyncAsync(AppSyncTypes)).Select(l => l.Type));

        var delete = await app.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/assets") { Content = JsonContent.Create(new { ids = new[] { assetId }, force = true }) });
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var afterDelete = await app.SyncAsync(AppSyncTypes);
        Assert.Equal(["AuthUserV1", "AssetDeleteV1", "SyncCompleteV1"], afterDelete.Select(l => l.Type)); // the usage went down
        Assert.Equal(0, afterDelete[0].Data.GetProperty("quotaUsageInBytes").GetInt64());
        Assert.Equal(assetId, afterDelete[1].Data.GetProperty("assetId").GetString());
        await app.AckAsync(afterDelete.Select(l => l.Ack));
        Assert.Equal(["SyncCompleteV1"], (await app.SyncAsync(AppSyncTypes)).Select(l => l.Type));
    }

    [Fact]
    public async Task Archiving_on_the_web_reaches_the_phone_once_as_archive_visibility_and_unarchiving_brings_it_back()
    {
        var admin = await server.BootstrapAdminAsync();
        using var phone = server.Client(admin);
        using var web = server.Client(admin);
        var id = (await (await phone.PostAsync("/api/assets", ImmichClient.MobileUpload(Uploads.RandomBytes(4000, seed: 8), "b.jpg", "l2")))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        // The media steps change the asset row (a line of its own): let them finish so that only the archive changes it later.
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(web, TimeSpan.FromMinutes(1));
        var first = Assert.Single(await phone.SyncAsync("AssetsV1"), l => l.Type == "AssetV1");
        Assert.Equal("timeline", first.Data.GetProperty("visibility").GetString());
        await phone.AckAsync([first.Ack]);

        Assert.Equal(HttpStatusCode.OK, (await web.PutAsJsonAsync($"/api/v1/assets/{id}", new { isArchived = true })).StatusCode);
        var archived = await phone.SyncAsync("AssetsV1");
        Assert.Equal("archive", Assert.Single(archived, l => l.Type == "AssetV1").Data.GetProperty("visibility").GetString());
        await phone.AckAsync(archived.Select(l => l.Ack));
        Assert.DoesNotContain(await phone.SyncAsync("AssetsV1"), l => l.Type == "AssetV1"); // exactly once
        Assert.True((await phone.GetAsync($"/api/assets/{id}", "AssetResponseDto")).GetProperty("isArchived").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await web.PutAsJsonAsync($"/api/v1/assets/{id}", new { isArchived = false })).StatusCode);
        Assert.Equal("timeline", Assert.Single(await phone.SyncAsync("AssetsV1"), l => l.Type == "AssetV1").Data.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task Trash_is_an_asset_update_and_acks_are_per_session_and_resettable()
    {
        var admin = await server.BootstrapAdminAsync();
        using var phone = server.Client(admin);
        var photo = Uploads.RandomBytes(4000, seed: 7);
        var id = (await (await phone.PostAsync("/api/assets", ImmichClient.MobileUpload(photo, "a.jpg", "l1"))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var first = await phone.SyncAsync("AssetsV1");
        Assert.Equal(id, Assert.Single(first, l => l.Type == "AssetV1").Data.GetProperty("id").GetString());
        await phone.AckAsync(first.Select(l => l.Ack));

        var trash = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/assets") { Content = JsonContent.Create(new { ids = new[] { id } }) });
        Assert.Equal(HttpStatusCode.NoContent, trash.StatusCode);
        var trashed = Assert.Single(await phone.SyncAsync("AssetsV1"), l => l.Type == "AssetV1");
        Assert.NotEqual(JsonValueKind.Null, trashed.Data.GetProperty("deletedAt").ValueKind);

        // Another login (another phone) starts from the beginning; resetting acks does too.
        var other = await server.LoginAsync(TestServer.AdminEmail);
        using var secondPhone = server.Client(other);
        Assert.Contains(await secondPhone.SyncAsync("AssetsV2"), l => l.Type == "AssetV2");
        var acks = await phone.GetAsync("/api/sync/ack", "SyncAckDto[]");
        Assert.NotEqual(0, acks.GetArrayLength());
        var reset = await phone.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/sync/ack") { Content = JsonContent.Create(new { types = Array.Empty<string>() }) });
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Contains(await phone.SyncAsync("AssetsV1"), l => l.Type == "AssetV1");
    }

    [Fact]
    public async Task Sync_refuses_api_keys_and_bad_acks()
    {
        var admin = await server.BootstrapAdminAsync();
        var key = await server.CreateApiKeyAsync(admin, "all");
        using var withKey = server.Client(key);
        var refused = await withKey.PostAsJsonAsync("/api/sync/stream", new { types = new[] { "AssetsV2" } });
        Assert.Equal("Sync endpoints cannot be used with API keys", await refused.AssertImmichErrorAsync(HttpStatusCode.Forbidden));

        using var session = server.Client(admin);
        var bad = await session.PostAsJsonAsync("/api/sync/ack", new { acks = new[] { "AssetV2|not-a-number" } });
        await bad.AssertImmichErrorAsync(HttpStatusCode.BadRequest);
    }
}
