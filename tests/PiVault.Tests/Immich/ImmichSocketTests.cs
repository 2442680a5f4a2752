using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The Immich websocket with the real <c>socket.io-client</c> 4.8 against the real server: the greeting, the events a
/// user's uploads, thumbnails, trash, restore and deletes cause (for that user only), credentials and logout, polling.
/// </summary>
public sealed class ImmichSocketTests : ServerWithAdmin
{
    [Fact]
    public async Task A_session_hears_its_own_upload_thumbnails_trash_restore_and_delete_and_no_one_elses()
    {
        var other = await Server.CreateUserAsync(Admin, "other@example.com");
        await using var mine = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["x-immich-user-token"] = Admin.Secret });
        await using var theirs = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["Authorization"] = "Bearer " + other.Secret });
        var version = SocketIoNodeClient.Payload(await mine.WaitForAsync("on_server_version"));
        ImmichSchema.Instance.AssertValid(version, "ServerVersionResponseDto");
        Assert.Equal((3, 2, 2), (version.GetProperty("major").GetInt32(), version.GetProperty("minor").GetInt32(), version.GetProperty("patch").GetInt32()));
        await theirs.WaitForAsync("on_server_version");

        using var client = Server.Client(Admin);
        var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Landscape_3.jpg"));
        var id = await UploadAsync(client, photo, "IMG_0001.JPG");
        var checksum = Convert.ToBase64String(SHA1.HashData(photo));

        var uploaded = SocketIoNodeClient.Payload(await mine.WaitForAsync("on_upload_success"));
        ImmichSchema.Instance.AssertValid(uploaded, "AssetResponseDto");
        Assert.Equal((id, checksum), (uploaded.GetProperty("id").GetString(), uploaded.GetProperty("checksum").GetString()));

        var ready = SocketIoNodeClient.Payload(await mine.WaitForAsync("AssetUploadReadyV1"));
        var (asset, exif) = (ready.GetProperty("asset"), ready.GetProperty("exif"));
        ImmichSchema.Instance.AssertValid(asset, "SyncAssetV1");
        ImmichSchema.Instance.AssertValid(exif, "SyncAssetExifV1");
        Assert.Equal((id, checksum, id), (asset.GetProperty("id").GetString(), asset.GetProperty("checksum").GetString(), exif.GetProperty("assetId").GetString()));
        Assert.Equal(JsonValueKind.String, asset.GetProperty("thumbhash").ValueKind); // sent once the thumbnails exist
        // The same shapes, field for field, as the sync stream's lines for this asset.
        var sync = await client.SyncAsync("AssetsV1", "AssetExifsV1");
        var (syncAsset, syncExif) = (sync.Single(l => l.Type == "AssetV1").Data, sync.Single(l => l.Type == "AssetExifV1").Data);
        Assert.True(JsonElement.DeepEquals(syncAsset, asset), $"sync: {syncAsset}\nwebsocket: {asset}");
        Assert.True(JsonElement.DeepEquals(syncExif, exif), $"sync: {syncExif}\nwebsocket: {exif}");

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(DeleteRequest(id, force: false))).StatusCode);
        Assert.Equal([id], Ids(await mine.WaitForAsync("on_asset_trash")));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/assets/{id}/restore", null)).StatusCode);
        Assert.Equal([id], Ids(await mine.WaitForAsync("on_asset_restore")));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(DeleteRequest(id, force: true))).StatusCode);
        Assert.Equal(id, SocketIoNodeClient.Payload(await mine.WaitForAsync("on_asset_delete")).GetString());

        // The other user hears their own upload, which happened after all of the above, and nothing of the admin's.
        using var otherClient = Server.Client(other);
        var theirId = await UploadAsync(otherClient, Uploads.RandomBytes(4000, 1), "theirs.jpg");
        Assert.Equal(theirId, SocketIoNodeClient.Payload(await theirs.WaitForAsync("on_upload_success")).GetProperty("id").GetString());
        Assert.DoesNotContain(theirs.Seen, line => line.GetRawText().Contains(id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not-a-session")]
    [InlineData(null)]
    public async Task A_bad_or_missing_credential_gets_unauthorized_and_is_disconnected(string? token)
    {
        var headers = token is null ? null : new Dictionary<string, string> { ["x-immich-user-token"] = token };
        await using var socket = SocketIoNodeClient.Start(Server.BaseAddress, headers);

        Assert.Equal("unauthorized", SocketIoNodeClient.Payload(await socket.WaitForAsync("error")).GetString());
        Assert.Equal("io server disconnect", (await socket.WaitForAsync("disconnect")).GetProperty("reason").GetString());
        Assert.DoesNotContain(socket.Seen, line => line.GetProperty("event").GetString() == "on_server_version");
    }

    [Fact]
    public async Task Cookie_and_api_key_handshakes_work_and_logging_out_or_a_password_change_disconnects_only_ended_sessions()
    {
        var (browserToken, phoneToken) = (await LoginAsync(), await LoginAsync());
        var key = await Server.CreateApiKeyAsync(Admin, "asset.read");
        await using var browser = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["Cookie"] = $"immich_access_token={browserToken}" });
        await using var phone = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["x-immich-user-token"] = phoneToken });
        await using var script = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["x-api-key"] = key.Secret });
        foreach (var socket in new[] { browser, phone, script })
        {
            await socket.WaitForAsync("on_server_version");
        }

        using var browserSession = SessionClient(browserToken);
        Assert.Equal(HttpStatusCode.OK, (await browserSession.PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal("io server disconnect", (await browser.WaitForAsync("disconnect")).GetProperty("reason").GetString());

        // A password change from the admin's first session ends every other session, the phone's included.
        using var first = SessionClient(Admin.Secret);
        var change = await first.PostAsJsonAsync("/api/auth/change-password", new { password = TestServer.Password, newPassword = "another long password" });
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Equal("io server disconnect", (await phone.WaitForAsync("disconnect")).GetProperty("reason").GetString());

        using var client = Server.Client(Admin);
        var id = await UploadAsync(client, Uploads.RandomBytes(4000, 2), "after-logout.jpg");
        Assert.Equal(id, SocketIoNodeClient.Payload(await script.WaitForAsync("on_upload_success")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Deleting_the_api_key_or_disabling_the_user_ends_their_websockets()
    {
        using var admin = Server.Client(Admin);
        var created = await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "script", permissions = new[] { "asset.read" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var member = await Server.CreateUserAsync(Admin, "teen@example.com");
        await using var script = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["x-api-key"] = created.GetProperty("secret").GetString()! });
        await using var phone = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["x-immich-user-token"] = member.Secret });
        await using var own = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["x-immich-user-token"] = Admin.Secret });
        foreach (var socket in new[] { script, phone, own })
        {
            await socket.WaitForAsync("on_server_version");
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/api-keys/{created.GetProperty("apiKey").GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal("io server disconnect", (await script.WaitForAsync("disconnect")).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/admin/users/{member.UserId}/disable", null)).StatusCode);
        Assert.Equal("io server disconnect", (await phone.WaitForAsync("disconnect")).GetProperty("reason").GetString());

        // The admin's own session heard neither and still gets its events.
        var id = await UploadAsync(admin, Uploads.RandomBytes(4000, 3), "still-connected.jpg");
        Assert.Equal(id, SocketIoNodeClient.Payload(await own.WaitForAsync("on_upload_success")).GetProperty("id").GetString());
    }

    private async Task<string> LoginAsync()
    {
        using var anonymous = Server.Client();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = TestServer.AdminEmail, password = TestServer.Password });
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private HttpClient SessionClient(string token)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress };
        client.DefaultRequestHeaders.Add("x-immich-user-token", token);
        return client;
    }

    [Fact]
    public async Task Polling_is_refused_with_a_clear_error_and_a_client_trying_it_first_falls_back_to_the_websocket()
    {
        using var anonymous = Server.Client();
        Assert.Contains("websocket", await (await anonymous.GetAsync("/api/socket.io/?EIO=4&transport=polling")).AssertImmichErrorAsync(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        Assert.Contains("Engine.IO 4", await (await anonymous.GetAsync("/api/socket.io/?EIO=3&transport=websocket")).AssertImmichErrorAsync(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        Assert.Contains("Upgrade", await (await anonymous.GetAsync("/api/socket.io/?EIO=4&transport=websocket")).AssertImmichErrorAsync(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);

        await using var socket = SocketIoNodeClient.Start(Server.BaseAddress, new Dictionary<string, string> { ["x-immich-user-token"] = Admin.Secret },
            transports: ["polling", "websocket"], tryAllTransports: true);
        Assert.Equal("websocket", (await socket.WaitForAsync("connect")).GetProperty("transport").GetString());
        await socket.WaitForAsync("on_server_version");
    }

    private static async Task<string> UploadAsync(HttpClient client, byte[] bytes, string fileName)
    {
        var response = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(bytes, fileName, fileName));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static HttpRequestMessage DeleteRequest(string id, bool force) =>
        new(HttpMethod.Delete, "/api/assets") { Content = JsonContent.Create(new { ids = new[] { id }, force }) };

    private static string[] Ids(JsonElement line) => [.. SocketIoNodeClient.Payload(line).EnumerateArray().Select(e => e.GetString()!)];
}
