using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Reliability;

/// <summary>
/// Secrets never reach the log: the real executable, its log at the most verbose level PiVault's own categories allow,
/// a realistic session (first admin, logins with right and wrong passwords, a household user, API keys made and used,
/// a password-protected share link opened with a wrong and the right password, a password change, Immich's login),
/// then every secret that went over the wire is looked for in every log line.
/// </summary>
public sealed class SecretLogTests : IAsyncLifetime
{
    private readonly string dataDir = TempDir.Create();
    private readonly List<(string What, string Secret)> secrets = [];
    private ServerProcess server = null!;

    public async Task InitializeAsync() =>
        server = await ServerProcess.StartAsync(dataDir, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Trace" });

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        TempDir.Delete(dataDir);
    }

    [Fact]
    public async Task No_password_token_api_key_or_share_link_secret_appears_in_any_log_line()
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var adminPassword = Secret("admin password", "Admin-Pass-4b1e7c");
        await Expect(anonymous.PostAsJsonAsync("/api/v1/auth/bootstrap", new { email = "owner@example.com", name = "Owner", password = adminPassword }), HttpStatusCode.Created);
        foreach (var wrong in new[] { "Wrong-Guess-91f0aa", "Wrong-Guess-2c77de" })
        {
            await Expect(anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "owner@example.com", password = Secret("wrong password", wrong) }), HttpStatusCode.Unauthorized);
        }
        await Expect(anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = Secret("password of no account", "No-Account-6d3a") }), HttpStatusCode.Unauthorized);
        using var admin = await LoginAsync("owner@example.com", adminPassword);

        var userPassword = Secret("user password", "User-Pass-0e9d55");
        await Expect(admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "kid@example.com", name = "Kid", password = userPassword }), HttpStatusCode.Created);
        using var user = await LoginAsync("kid@example.com", userPassword);

        var key = await Json(admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "phone", permissions = new[] { "all" } }), HttpStatusCode.Created);
        using var withKey = new HttpClient { BaseAddress = server.BaseAddress };
        withKey.DefaultRequestHeaders.Add("x-api-key", Secret("API key", key.GetProperty("secret").GetString()!));
        using var form = Uploads.Form(GeneratedJpeg.Make(42), "shared.jpg");
        var asset = await Json(withKey.PostAsync("/api/v1/assets", form), HttpStatusCode.Created);
        var immichKey = await Json(admin.PostAsJsonAsync("/api/api-keys", new { name = "cli", permissions = new[] { "all" } }), HttpStatusCode.Created);
        Secret("Immich API key", immichKey.GetProperty("secret").GetString()!);

        var linkPassword = Secret("share link password", "Link-Pass-a81c3f");
        var link = await Json(admin.PostAsJsonAsync("/api/v1/shared-links",
            new { type = "individual", assetIds = new[] { asset.GetProperty("id").GetString() }, password = linkPassword }), HttpStatusCode.Created);
        var linkKey = Secret("share link key", link.GetProperty("key").GetString()!);
        using var visitor = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = server.BaseAddress };
        await Expect(visitor.PostAsJsonAsync($"/api/v1/shared/{linkKey}/unlock", new { password = Secret("wrong link password", "Link-Wrong-33be") }), HttpStatusCode.Unauthorized);
        var unlocked = await visitor.PostAsJsonAsync($"/api/v1/shared/{linkKey}/unlock", new { password = linkPassword });
        Assert.Equal(HttpStatusCode.NoContent, unlocked.StatusCode);
        Secret("share link unlock cookie", unlocked.Headers.GetValues("Set-Cookie").Single().Split(';')[0].Split('=', 2)[1]);
        await Expect(visitor.GetAsync($"/api/v1/shared/{linkKey}"), HttpStatusCode.OK);

        var newPassword = Secret("new password", "New-Pass-5f2b90");
        await Expect(user.PutAsJsonAsync("/api/v1/auth/password", new { currentPassword = Secret("wrong current password", "Not-It-77aa"), newPassword }), HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden);
        await Expect(user.PutAsJsonAsync("/api/v1/auth/password", new { currentPassword = userPassword, newPassword }), HttpStatusCode.NoContent, HttpStatusCode.OK);
        using var immich = new HttpClient { BaseAddress = server.BaseAddress };
        var immichLogin = await Json(immich.PostAsJsonAsync("/api/auth/login", new { email = "kid@example.com", password = newPassword }), HttpStatusCode.Created, HttpStatusCode.OK);
        immich.DefaultRequestHeaders.Authorization = new("Bearer", Secret("Immich session token", immichLogin.GetProperty("accessToken").GetString()!));
        await Expect(immich.GetAsync("/api/users/me"), HttpStatusCode.OK);
        await Expect(immich.PostAsync("/api/auth/logout", null), HttpStatusCode.OK, HttpStatusCode.Created);

        // The log did capture the session: what PiVault logs about it is there, only the secrets are not.
        var log = await WaitForLogAsync(asset.GetProperty("id").GetString()!);
        var lines = log.Split('\n');
        Assert.True(lines.Length > 5, log);
        var leaks = secrets.SelectMany(s => lines.Where(l => l.Contains(s.Secret, StringComparison.Ordinal)).Select(l => $"{s.What} in: {l}")).ToList();
        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
    }

    private string Secret(string what, string secret)
    {
        Assert.True(secret.Length >= 8, $"{what} is too short to look for");
        secrets.Add((what, secret));
        return secret;
    }

    private async Task<HttpClient> LoginAsync(string email, string password)
    {
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        var login = await Json(anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password }), HttpStatusCode.OK);
        var client = new HttpClient { BaseAddress = server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Secret($"session token of {email}", login.GetProperty("accessToken").GetString()!));
        return client;
    }

    private static async Task Expect(Task<HttpResponseMessage> call, params HttpStatusCode[] expected)
    {
        var response = await call;
        Assert.True(expected.Contains(response.StatusCode), $"{response.RequestMessage?.RequestUri}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<JsonElement> Json(Task<HttpResponseMessage> call, params HttpStatusCode[] expected)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected.Contains(response.StatusCode), $"{response.RequestMessage?.RequestUri}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The upload's own log line shows the log is flowing; the rest of the session was logged before it or with it.</summary>
    private async Task<string> WaitForLogAsync(string assetId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.Output.Contains(assetId, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the upload was never logged:\n{server.Output}");
            await Task.Delay(100);
        }
        await Task.Delay(500);
        return server.Output;
    }
}
