using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>Immich's credential forms, error shape and the endpoints the CLI and app call, checked against the 3.2.2 schema.</summary>
public sealed class ImmichApiTests : IAsyncLifetime
{
    private TestServer server = null!;
    private Credential admin = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync();
        admin = await server.BootstrapAdminAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Every_immich_credential_form_is_accepted()
    {
        var key = await server.CreateApiKeyAsync(admin, "all");
        var forms = new (string Name, Action<HttpRequestMessage> Apply, string Query)[]
        {
            ("x-api-key", r => r.Headers.Add("x-api-key", key.Secret), ""),
            ("apiKey query", _ => { }, "?apiKey=" + Uri.EscapeDataString(key.Secret)),
            ("bearer", r => r.Headers.Authorization = new("Bearer", admin.Secret), ""),
            ("x-immich-user-token", r => r.Headers.Add("x-immich-user-token", admin.Secret), ""),
            ("x-immich-session-token", r => r.Headers.Add("x-immich-session-token", admin.Secret), ""),
            ("cookie", r => r.Headers.Add("Cookie", $"immich_access_token={admin.Secret}; immich_is_authenticated=true; immich_auth_type=password"), ""),
            ("sessionKey query", _ => { }, "?sessionKey=" + Uri.EscapeDataString(admin.Secret)),
        };
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        foreach (var (name, apply, query) in forms)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/users/me" + query);
            apply(request);
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {response.StatusCode}");
            ImmichSchema.Instance.AssertValid(await response.Content.ReadFromJsonAsync<JsonElement>(), "UserAdminResponseDto");
        }
    }

    [Fact]
    public async Task Errors_have_immichs_shape_on_immich_paths_and_problem_details_on_pivaults_own()
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Contains("Authentication required", await (await anonymous.GetAsync("/api/users/me")).AssertImmichErrorAsync(HttpStatusCode.Unauthorized));
        await (await anonymous.GetAsync("/api/no/such/thing")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        using var badToken = new HttpRequestMessage(HttpMethod.Get, "/api/users/me");
        badToken.Headers.Add("x-immich-user-token", "not-a-session");
        await (await anonymous.SendAsync(badToken)).AssertImmichErrorAsync(HttpStatusCode.Unauthorized);
        var again = await anonymous.PostAsJsonAsync("/api/auth/admin-sign-up", new { email = "x@example.com", name = "X", password = TestServer.Password });
        Assert.True((int)again.StatusCode is >= 400 and < 500);
        await again.AssertImmichErrorAsync(again.StatusCode);

        var key = await server.CreateApiKeyAsync(admin, "user.read");
        using var weak = server.Client(key);
        Assert.Equal("Missing required permission: asset.upload",
            await (await weak.PostAsJsonAsync("/api/assets/bulk-upload-check", new { assets = Array.Empty<object>() })).AssertImmichErrorAsync(HttpStatusCode.Forbidden));
        await (await anonymous.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Bulk_check_upload_statistics_detail_files_and_search_answer_in_immichs_shapes()
    {
        using var client = server.Client(await server.CreateApiKeyAsync(admin, "all"));
        var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Portrait_3.jpg"));
        var sha1 = SHA1.HashData(photo);
        var check = new { assets = new[] { new { id = "/home/me/a.jpg", checksum = Convert.ToHexString(sha1).ToLowerInvariant() } } };
        var before = await client.CallAsync(HttpMethod.Post, "/api/assets/bulk-upload-check", check, HttpStatusCode.OK, "AssetBulkUploadCheckResponseDto");
        Assert.Equal("accept", before.GetProperty("results")[0].GetProperty("action").GetString());
        Assert.Equal("/home/me/a.jpg", before.GetProperty("results")[0].GetProperty("id").GetString());

        var created = await client.PostAsync("/api/assets", Uploads.Form(photo, "a.jpg", partName: "assetData"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var duplicate = await client.PostAsync("/api/assets", Uploads.Form(photo, "b.jpg", partName: "assetData"));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Equal("duplicate", (await duplicate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var after = await client.CallAsync(HttpMethod.Post, "/api/assets/bulk-upload-check",
            new { assets = new[] { new { id = "phone-1", checksum = Convert.ToBase64String(sha1) } } }, HttpStatusCode.OK, "AssetBulkUploadCheckResponseDto");
        var result = after.GetProperty("results")[0];
        Assert.Equal(("reject", "duplicate", id), (result.GetProperty("action").GetString(), result.GetProperty("reason").GetString(), result.GetProperty("assetId").GetString()));

        Assert.Equal(1, (await client.GetAsync("/api/assets/statistics", "AssetStatsResponseDto")).GetProperty("images").GetInt32());
        var detail = await client.GetAsync($"/api/assets/{id}", "AssetResponseDto");
        Assert.Equal(("IMAGE", "timeline"), (detail.GetProperty("type").GetString(), detail.GetProperty("visibility").GetString()));
        Assert.Equal(photo, await client.GetByteArrayAsync($"/api/assets/{id}/original"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/assets/{id}/video/playback")).StatusCode); // a photo is no video
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(1));
        var preview = await client.GetAsync($"/api/assets/{id}/thumbnail?size=preview");
        Assert.Equal("image/jpeg", preview.Content.Headers.ContentType?.MediaType);

        var search = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { type = "IMAGE", isFavorite = false, size = 10 }, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal(id, search.GetProperty("assets").GetProperty("items")[0].GetProperty("id").GetString());
        var none = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { type = "VIDEO" }, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal(0, none.GetProperty("assets").GetProperty("total").GetInt32());
        var byDate = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { takenAfter = DateTimeOffset.UtcNow.AddDays(1) }, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal(0, byDate.GetProperty("assets").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Search_pages_through_all_assets()
    {
        using var client = server.Client(admin);
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsync("/api/assets", Uploads.Form(Uploads.RandomBytes(3000, i), $"p{i}.jpg", partName: "assetData"));
        }
        var ids = new List<string>();
        string? page = "1";
        while (page is not null)
        {
            var result = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { page = int.Parse(page, System.Globalization.CultureInfo.InvariantCulture), size = 2 }, HttpStatusCode.OK, "SearchResponseDto");
            var assets = result.GetProperty("assets");
            Assert.Equal(5, assets.GetProperty("total").GetInt32());
            ids.AddRange(assets.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
            page = assets.GetProperty("nextPage").GetString();
        }
        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public async Task Api_keys_are_created_listed_inspected_and_deleted_in_immichs_shapes()
    {
        using var session = server.Client(admin);
        var created = await session.CallAsync(HttpMethod.Post, "/api/api-keys", new { name = "cli", permissions = new[] { "asset.upload", "user.read" } },
            HttpStatusCode.Created, "ApiKeyCreateResponseDto");
        var secret = created.GetProperty("secret").GetString()!;
        var keyId = created.GetProperty("apiKey").GetProperty("id").GetString()!;
        Assert.Equal(keyId, created.GetProperty("id").GetString());
        await session.GetAsync("/api/api-keys", "ApiKeyResponseDto[]");

        using var withKey = new HttpClient { BaseAddress = server.BaseAddress };
        withKey.DefaultRequestHeaders.Add("x-api-key", secret);
        var me = await withKey.GetAsync("/api/api-keys/me", "ApiKeyResponseDto");
        Assert.Equal(["asset.upload", "user.read"], me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await session.DeleteAsync($"/api/api-keys/{keyId}")).StatusCode);
        await (await withKey.GetAsync("/api/users/me")).AssertImmichErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_sets_immichs_cookies_and_logout_and_password_change_end_sessions()
    {
        using var browser = server.Client();
        var login = await browser.CallAsync(HttpMethod.Post, "/api/auth/login", new { email = TestServer.AdminEmail, password = TestServer.Password }, HttpStatusCode.Created, "LoginResponseDto");
        await browser.GetAsync("/api/users/me", "UserAdminResponseDto"); // by the immich_access_token cookie alone
        var token = login.GetProperty("accessToken").GetString()!;

        using var phone = new HttpClient { BaseAddress = server.BaseAddress };
        phone.DefaultRequestHeaders.Add("x-immich-user-token", token);
        await phone.CallAsync(HttpMethod.Post, "/api/auth/change-password", new { password = TestServer.Password, newPassword = "another long password" },
            HttpStatusCode.OK, "UserAdminResponseDto");
        var logout = await phone.CallAsync(HttpMethod.Post, "/api/auth/logout", null, HttpStatusCode.OK, "LogoutResponseDto");
        Assert.True(logout.GetProperty("successful").GetBoolean());
        await (await phone.GetAsync("/api/users/me")).AssertImmichErrorAsync(HttpStatusCode.Unauthorized);
        using var oldSession = server.Client(admin);
        await (await oldSession.GetAsync("/api/users/me")).AssertImmichErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_double_slash_after_the_api_prefix_still_reaches_the_endpoint()
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api//server/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/.well-known/immich")).StatusCode);
    }
}
