using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

public sealed class AuthTests
{
    [Fact]
    public async Task First_admin_can_be_created_only_while_no_user_exists()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client();
        Assert.True((await client.GetFromJsonAsync<JsonElement>("/api/v1/server/setup")).GetProperty("setupRequired").GetBoolean());

        var created = await client.PostAsJsonAsync("/api/v1/auth/bootstrap", new { email = "first@example.com", name = "First", password = TestServer.Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var admin = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(admin.GetProperty("isAdmin").GetBoolean());

        var second = await client.PostAsJsonAsync("/api/v1/auth/bootstrap", new { email = "second@example.com", password = TestServer.Password });
        var detail = await second.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("already set up", detail, StringComparison.Ordinal);
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/v1/server/setup")).GetProperty("setupRequired").GetBoolean());
    }

    [Fact]
    public async Task Racing_bootstraps_create_exactly_one_admin()
    {
        await using var server = await TestServer.StartAsync();
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            using var client = server.Client();
            var response = await client.PostAsJsonAsync("/api/v1/auth/bootstrap", new { email = $"admin{i}@example.com", password = TestServer.Password });
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(attempts);
        Assert.Single(statuses, s => s == HttpStatusCode.Created);
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
    }

    [Theory]
    [InlineData("not-an-email", TestServer.Password, "valid email")]
    [InlineData("a@example.com", "short", "at least 8 characters")]
    [InlineData("", TestServer.Password, "valid email")]
    public async Task Bootstrap_explains_invalid_input(string email, string password, string expected)
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client();
        var response = await client.PostAsJsonAsync("/api/v1/auth/bootstrap", new { email, password });
        Assert.Contains(expected, await response.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_sets_an_httponly_samesite_session_cookie_and_logout_ends_the_session()
    {
        await using var server = await TestServer.StartAsync();
        await server.BootstrapAdminAsync();
        using var browser = server.Client();

        var login = await browser.PostAsJsonAsync("/api/v1/auth/login", new { email = TestServer.AdminEmail, password = TestServer.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("pivault_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain HTTP on loopback

        var me = await browser.GetFromJsonAsync<JsonElement>("/api/v1/users/me");
        Assert.Equal(TestServer.AdminEmail, me.GetProperty("email").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        await (await browser.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData(null, false)] // nobody's X-Forwarded-Proto counts unless its sender is a configured proxy
    public async Task Session_cookie_is_secure_when_the_request_came_over_https_through_a_trusted_proxy(string? proxy, bool secure)
    {
        await using var server = await TestServer.StartAsync(o => o with
        {
            TrustedProxies = proxy is null ? [] : [System.Net.IPNetwork.Parse($"{proxy}/32")],
        });
        await server.BootstrapAdminAsync();
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login")
        {
            Content = JsonContent.Create(new { email = TestServer.AdminEmail, password = TestServer.Password }),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Equal(secure, cookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_401()
    {
        await using var server = await TestServer.StartAsync();
        await server.BootstrapAdminAsync();
        using var client = server.Client();
        var wrongPassword = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = TestServer.AdminEmail, password = "wrong password" });
        var unknownUser = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody@example.com", password = TestServer.Password });
        Assert.Equal(await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized), await unknownUser.AssertProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Repeated_failed_logins_are_rate_limited_even_with_the_right_password()
    {
        await using var server = await TestServer.StartAsync();
        await server.BootstrapAdminAsync();
        using var client = server.Client();
        for (var i = 0; i < server.Options.LoginAttemptsPerWindow; i++)
        {
            var failed = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = TestServer.AdminEmail, password = "guess " + i });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        var blocked = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = TestServer.AdminEmail, password = TestServer.Password });
        Assert.Contains("Too many failed logins", await blocked.AssertProblemAsync(HttpStatusCode.TooManyRequests), StringComparison.Ordinal);
        Assert.True(blocked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Rate_limit_lifts_after_the_window()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await TestServer.StartAsync(o => o with { LoginAttemptsPerWindow = 2 }, time);
        await server.BootstrapAdminAsync();
        using var client = server.Client();
        for (var i = 0; i < 2; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email = TestServer.AdminEmail, password = "guess" });
        }
        var blocked = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = TestServer.AdminEmail, password = TestServer.Password });
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);

        time.Advance(server.Options.LoginWindow + TimeSpan.FromSeconds(1));
        var allowed = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = TestServer.AdminEmail, password = TestServer.Password });
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Passwords_are_stored_as_pbkdf2_sha256_with_600k_iterations()
    {
        await using var server = await TestServer.StartAsync();
        await server.BootstrapAdminAsync();
        var database = (PiVault.Server.Data.Database)server.Services.GetService(typeof(PiVault.Server.Data.Database))!;
        using var db = database.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users";
        var stored = (string)command.ExecuteScalar()!;
        var parts = stored.Split('$');
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.True(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) >= 600_000);
        Assert.DoesNotContain(TestServer.Password, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_password_ends_other_sessions_and_needs_the_current_one()
    {
        await using var server = await TestServer.StartAsync();
        var first = await server.BootstrapAdminAsync();
        var second = await server.LoginAsync(TestServer.AdminEmail);
        using var client = server.Client(first);

        var wrong = await client.PutAsJsonAsync("/api/v1/auth/password", new { currentPassword = "not it at all", newPassword = "a brand new password" });
        await wrong.AssertProblemAsync(HttpStatusCode.BadRequest);

        var changed = await client.PutAsJsonAsync("/api/v1/auth/password", new { currentPassword = TestServer.Password, newPassword = "a brand new password" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/users/me")).StatusCode);
        using var other = server.Client(second);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/v1/users/me")).StatusCode);
        await server.LoginAsync(TestServer.AdminEmail, "a brand new password");
    }

    [Fact]
    public async Task Admin_creates_and_disables_users_and_a_disabled_user_is_locked_out()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var user = await server.CreateUserAsync(admin, "kid@example.com");
        var key = await server.CreateApiKeyAsync(user, "all");
        using var adminClient = server.Client(admin);

        var users = await adminClient.GetFromJsonAsync<JsonElement>("/api/v1/admin/users");
        Assert.Equal(2, users.GetArrayLength());
        var duplicate = await adminClient.PostAsJsonAsync("/api/v1/admin/users", new { email = "KID@example.com", password = TestServer.Password });
        await duplicate.AssertProblemAsync(HttpStatusCode.Conflict);

        var disabled = await adminClient.PostAsync($"/api/v1/admin/users/{user.UserId}/disable", null);
        Assert.True((await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("isDisabled").GetBoolean());
        using var sessionClient = server.Client(user);
        using var keyClient = server.Client(key);
        Assert.Equal(HttpStatusCode.Unauthorized, (await sessionClient.GetAsync("/api/v1/users/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await keyClient.GetAsync("/api/v1/users/me")).StatusCode);
        using var loginClient = server.Client();
        var login = await loginClient.PostAsJsonAsync("/api/v1/auth/login", new { email = "kid@example.com", password = TestServer.Password });
        Assert.Contains("disabled", await login.AssertProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);

        await adminClient.PostAsync($"/api/v1/admin/users/{user.UserId}/enable", null);
        await server.LoginAsync("kid@example.com");
    }

    [Fact]
    public async Task Non_admins_cannot_use_admin_endpoints()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var user = await server.CreateUserAsync(admin, "member@example.com");
        using var client = server.Client(user);
        await (await client.GetAsync("/api/v1/admin/users")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var create = await client.PostAsJsonAsync("/api/v1/admin/users", new { email = "x@example.com", password = TestServer.Password });
        await create.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Health_ping_needs_no_credentials()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client();
        var ping = await client.GetFromJsonAsync<JsonElement>("/api/v1/server/ping");
        Assert.Equal("pong", ping.GetProperty("res").GetString());
    }
}
