using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The locked folder: a PIN per user, an unlock per session, and locked photos nowhere else — not in the timeline,
/// search, albums, share links or another user's view, and to their owner's phone only as an asset marked locked.
/// </summary>
public sealed class ImmichLockedFolderTests : ServerWithAdmin
{
    private const string Pin = "482916";

    [Fact]
    public async Task A_locked_photo_is_shown_only_in_the_unlocked_locked_folder()
    {
        var phone = await Server.LoginAsync(TestServer.AdminEmail);
        using var client = Server.Client(phone);
        var secret = await UploadAsync(client, 1);
        var open = await UploadAsync(client, 2);
        var album = (await client.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Both", assetIds = new[] { secret, open } }, HttpStatusCode.Created,
            "AlbumResponseDto")).GetProperty("id").GetString()!;
        var member = await Server.CreateUserAsync(Admin, "member@example.com");
        await client.CallAsync(HttpMethod.Put, $"/api/albums/{album}/users", new { albumUsers = new[] { new { userId = member.UserId } } }, HttpStatusCode.OK,
            "AlbumResponseDto");

        var status = await client.GetAsync("/api/auth/status", "AuthStatusResponseDto");
        Assert.Equal((false, false), (status.GetProperty("pinCode").GetBoolean(), status.GetProperty("isElevated").GetBoolean()));
        // Without a PIN, and with one but not unlocked, nothing goes into the locked folder.
        var refused = await client.PutAsJsonAsync("/api/assets", new { ids = new[] { secret }, visibility = "locked" });
        Assert.Contains("PIN", await refused.AssertImmichErrorAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        await Send(client, HttpMethod.Post, "/api/auth/pin-code", new { pinCode = Pin }, "PinCodeSetupDto", HttpStatusCode.NoContent);
        await (await client.PutAsJsonAsync("/api/assets", new { ids = new[] { secret }, visibility = "locked" })).AssertImmichErrorAsync(HttpStatusCode.Forbidden);

        var wrong = await client.PostAsJsonAsync("/api/auth/session/unlock", new { pinCode = "000000" });
        Assert.Contains("Wrong PIN", await wrong.AssertImmichErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await Send(client, HttpMethod.Post, "/api/auth/session/unlock", new { pinCode = Pin }, "SessionUnlockDto", HttpStatusCode.NoContent);
        status = await client.GetAsync("/api/auth/status", "AuthStatusResponseDto");
        Assert.Equal((true, true), (status.GetProperty("pinCode").GetBoolean(), status.GetProperty("isElevated").GetBoolean()));
        await Send(client, HttpMethod.Put, "/api/assets", new { ids = new[] { secret }, visibility = "locked" }, "AssetBulkUpdateDto", HttpStatusCode.NoContent);

        // Unlocked: the locked folder's timeline has it, and its thumbnail and original open.
        var lockedBuckets = await client.GetAsync("/api/timeline/buckets?visibility=locked", "TimeBucketsResponseDto[]");
        Assert.Equal(1, Assert.Single(lockedBuckets.EnumerateArray()).GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/assets/{secret}/original")).StatusCode);
        Assert.Equal("locked", (await client.GetAsync($"/api/assets/{secret}", "AssetResponseDto")).GetProperty("visibility").GetString());

        // Locked again (the session's unlock ends): the photo is nowhere.
        await Send(client, HttpMethod.Post, "/api/auth/session/lock", null, null, HttpStatusCode.NoContent);
        Assert.False((await client.GetAsync("/api/auth/status", "AuthStatusResponseDto")).GetProperty("isElevated").GetBoolean());
        await (await client.GetAsync("/api/timeline/buckets?visibility=locked")).AssertImmichErrorAsync(HttpStatusCode.Forbidden);
        foreach (var path in new[] { $"/api/assets/{secret}", $"/api/assets/{secret}/original", $"/api/assets/{secret}/thumbnail" })
        {
            await (await client.GetAsync(path)).AssertImmichErrorAsync(HttpStatusCode.Forbidden);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/assets/{secret}/original")).StatusCode);
        var timeline = await client.GetAsync("/api/timeline/buckets", "TimeBucketsResponseDto[]");
        Assert.Equal(1, timeline.EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
        var found = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { }, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal([open], found.GetProperty("assets").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var v1List = await client.GetFromJsonAsync<JsonElement>("/api/v1/assets");
        Assert.DoesNotContain(secret, v1List.GetRawText(), StringComparison.Ordinal);

        // It left the album (and so the member's view), and cannot go back into one or into a share link.
        var shown = await client.GetAsync($"/api/albums/{album}", "AlbumResponseDto");
        Assert.Equal((1, open), (shown.GetProperty("assetCount").GetInt32(), shown.GetProperty("albumThumbnailAssetId").GetString()));
        var readded = await client.CallAsync(HttpMethod.Put, $"/api/albums/{album}/assets", new { ids = new[] { secret } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        Assert.False(readded[0].GetProperty("success").GetBoolean());
        await (await client.PostAsJsonAsync("/api/shared-links", new { type = "INDIVIDUAL", assetIds = new[] { secret } })).AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        using var memberClient = Server.Client(member);
        await (await memberClient.GetAsync($"/api/assets/{secret}/thumbnail")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, (await memberClient.GetAsync($"/api/albums/{album}", "AlbumResponseDto")).GetProperty("assetCount").GetInt32());

        // The owner's phone learns it is locked (Immich's app keeps its locked view from these lines); the member's drops it.
        var lines = await client.SyncAsync("AssetsV1");
        var synced = lines.Single(l => l.Type == "AssetV1" && l.Data.GetProperty("id").GetString() == secret).Data;
        Assert.Equal("locked", synced.GetProperty("visibility").GetString());
        var memberLines = await memberClient.SyncAsync("AlbumAssetsV1", "AlbumToAssetsV1");
        Assert.DoesNotContain(memberLines, l => l.Type is "AlbumAssetCreateV1" or "AlbumAssetUpdateV1" && l.Data.GetProperty("id").GetString() == secret);
        Assert.Contains(memberLines, l => l.Type is "AlbumAssetCreateV1" && l.Data.GetProperty("id").GetString() == open);

        // An API key cannot unlock: only a logged-in session has an unlock to hold.
        using var keyClient = Server.Client(await Server.CreateApiKeyAsync(phone, "all"));
        await (await keyClient.PostAsJsonAsync("/api/auth/session/unlock", new { pinCode = Pin })).AssertImmichErrorAsync(HttpStatusCode.Forbidden);
        await (await keyClient.GetAsync($"/api/assets/{secret}")).AssertImmichErrorAsync(HttpStatusCode.Forbidden);

        // Unlocked again, it comes back out to the timeline.
        await Send(client, HttpMethod.Post, "/api/auth/session/unlock", new { pinCode = Pin }, "SessionUnlockDto", HttpStatusCode.NoContent);
        await Send(client, HttpMethod.Put, "/api/assets", new { ids = new[] { secret }, visibility = "timeline" }, "AssetBulkUpdateDto", HttpStatusCode.NoContent);
        await Send(client, HttpMethod.Post, "/api/auth/session/lock", null, null, HttpStatusCode.NoContent);
        Assert.Equal("timeline", (await client.GetAsync($"/api/assets/{secret}", "AssetResponseDto")).GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task The_PIN_is_changed_and_reset_with_proof_and_wrong_guesses_are_throttled_like_logins()
    {
        var session = await Server.LoginAsync(TestServer.AdminEmail);
        using var client = Server.Client(session);
        await (await client.PostAsJsonAsync("/api/auth/pin-code", new { pinCode = "12ab" })).AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        await Send(client, HttpMethod.Post, "/api/auth/pin-code", new { pinCode = Pin }, "PinCodeSetupDto", HttpStatusCode.NoContent);
        Assert.Contains("already", await (await client.PostAsJsonAsync("/api/auth/pin-code", new { pinCode = "1111" })).AssertImmichErrorAsync(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        await (await client.PutAsJsonAsync("/api/auth/pin-code", new { pinCode = "9999", newPinCode = "2468" })).AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        await Send(client, HttpMethod.Put, "/api/auth/pin-code", new { pinCode = Pin, newPinCode = "2468" }, "PinCodeChangeDto", HttpStatusCode.NoContent);
        await Send(client, HttpMethod.Post, "/api/auth/session/unlock", new { pinCode = "2468" }, "SessionUnlockDto", HttpStatusCode.NoContent);

        // Reset with the account password; the session's unlock ends with the PIN.
        await (await Delete(client, new { password = "not my password" })).AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        var reset = new { password = TestServer.Password };
        ImmichSchema.Instance.AssertValid(JsonSerializer.SerializeToElement(reset), "PinCodeResetDto");
        Assert.Equal(HttpStatusCode.NoContent, (await Delete(client, reset)).StatusCode);
        var status = await client.GetAsync("/api/auth/status", "AuthStatusResponseDto");
        Assert.Equal((false, false), (status.GetProperty("pinCode").GetBoolean(), status.GetProperty("isElevated").GetBoolean()));

        // Guessing: after the login throttle's allowance of failures, even the right PIN waits (429 with Retry-After).
        await Send(client, HttpMethod.Post, "/api/auth/pin-code", new { pinCode = Pin }, "PinCodeSetupDto", HttpStatusCode.NoContent);
        HttpResponseMessage? answer = null;
        for (var guess = 0; guess < 30; guess++)
        {
            answer = await client.PostAsJsonAsync("/api/auth/session/unlock", new { pinCode = $"{100000 + guess}" });
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                break;
            }
            await answer.AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        }
        await answer!.AssertImmichErrorAsync(HttpStatusCode.TooManyRequests);
        await (await client.PostAsJsonAsync("/api/auth/session/unlock", new { pinCode = Pin })).AssertImmichErrorAsync(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Another_user_never_sees_a_locked_photo_and_cannot_lock_or_unlock_it()
    {
        var session = await Server.LoginAsync(TestServer.AdminEmail);
        using var owner = Server.Client(session);
        var secret = await UploadAsync(owner, 3);
        await Send(owner, HttpMethod.Post, "/api/auth/pin-code", new { pinCode = Pin }, "PinCodeSetupDto", HttpStatusCode.NoContent);
        await Send(owner, HttpMethod.Post, "/api/auth/session/unlock", new { pinCode = Pin }, "SessionUnlockDto", HttpStatusCode.NoContent);
        await Send(owner, HttpMethod.Put, $"/api/assets/{secret}", new { visibility = "locked" }, "UpdateAssetDto", HttpStatusCode.OK);

        var other = await Server.LoginAsync((await CreateAsync("other@example.com")).Email);
        using var stranger = Server.Client(other);
        await Send(stranger, HttpMethod.Post, "/api/auth/pin-code", new { pinCode = Pin }, "PinCodeSetupDto", HttpStatusCode.NoContent);
        await Send(stranger, HttpMethod.Post, "/api/auth/session/unlock", new { pinCode = Pin }, "SessionUnlockDto", HttpStatusCode.NoContent);
        await (await stranger.GetAsync($"/api/assets/{secret}")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/assets/{secret}/thumbnail")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        await (await stranger.PutAsJsonAsync($"/api/assets/{secret}", new { visibility = "timeline" })).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await stranger.GetAsync("/api/timeline/buckets?visibility=locked", "TimeBucketsResponseDto[]")).GetArrayLength());
        Assert.DoesNotContain(await stranger.SyncAsync("AssetsV1"), l => l.Type == "AssetV1");
    }

    private async Task<(string Email, Credential Credential)> CreateAsync(string email) => (email, await Server.CreateUserAsync(Admin, email));

    private static async Task Send(HttpClient client, HttpMethod method, string path, object? body, string? requestType, HttpStatusCode expected)
    {
        if (body is not null && requestType is not null)
        {
            ImmichSchema.Instance.AssertValid(JsonSerializer.SerializeToElement(body, JsonSerializerOptions.Web), requestType);
        }
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await client.SendAsync(request);
        Assert.True(expected == response.StatusCode, $"{method} {path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static Task<HttpResponseMessage> Delete(HttpClient client, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/auth/pin-code") { Content = JsonContent.Create(body) });

    private static async Task<string> UploadAsync(HttpClient client, int seed)
    {
        var response = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(Uploads.RandomBytes(4000, seed), $"p{seed}.jpg", $"local-{seed}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
