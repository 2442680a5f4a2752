using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task The_secret_is_shown_once_and_stored_only_as_a_hash()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);

        var created = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "phone", permissions = new[] { "asset.upload", "asset.read" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("pv_", secret, StringComparison.Ordinal);

        var listed = await client.GetStringAsync("/api/v1/api-keys");
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.Contains("phone", listed, StringComparison.Ordinal);
        var database = (PiVault.Server.Data.Database)server.Services.GetService(typeof(PiVault.Server.Data.Database))!;
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(database.Path + "-wal") + await File.ReadAllTextAsync(database.Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_can_do_exactly_what_its_permissions_allow()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var uploadOnly = await server.CreateApiKeyAsync(admin, "asset.upload");
        using var client = server.Client(uploadOnly);

        var (status, id, _) = await client.UploadAsync(Uploads.RandomBytes(1000, 1), "a.jpg");
        Assert.Equal(HttpStatusCode.Created, status);
        var read = await client.GetAsync($"/api/v1/assets/{id}");
        Assert.Contains("asset.read", await read.AssertProblemAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        await (await client.GetAsync($"/api/v1/assets/{id}/original")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync($"/api/v1/assets/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden);

        var all = await server.CreateApiKeyAsync(admin, "all");
        using var allClient = server.Client(all);
        Assert.Equal(HttpStatusCode.OK, (await allClient.GetAsync($"/api/v1/assets/{id}")).StatusCode);
        var me = await allClient.GetFromJsonAsync<JsonElement>("/api/v1/api-keys/me");
        Assert.Equal("all", me.GetProperty("permissions")[0].GetString());
    }

    [Fact]
    public async Task Invalid_and_deleted_keys_get_401()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var key = await server.CreateApiKeyAsync(admin, "all");
        using var bogus = server.Client(new Credential(CredentialType.ApiKey, "pv_not-a-real-key", admin.UserId));
        await (await bogus.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var owner = server.Client(admin);
        var keys = await owner.GetFromJsonAsync<JsonElement>("/api/v1/api-keys");
        var id = keys[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/api-keys/{id}")).StatusCode);
        using var deleted = server.Client(key);
        await (await deleted.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_cannot_mint_stronger_keys_and_unknown_permissions_are_refused()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var limited = await server.CreateApiKeyAsync(admin, "apiKey.create", "asset.read");
        using var client = server.Client(limited);

        var stronger = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", permissions = new[] { "asset.delete" } });
        Assert.Contains("asset.delete", await stronger.AssertProblemAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        var all = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", permissions = new[] { "all" } });
        await all.AssertProblemAsync(HttpStatusCode.Forbidden);
        var same = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", permissions = new[] { "asset.read" } });
        Assert.Equal(HttpStatusCode.Created, same.StatusCode);

        using var owner = server.Client(admin);
        var unknown = await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", permissions = new[] { "asset.fly" } });
        Assert.Contains("asset.fly", await unknown.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        var none = await owner.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", permissions = Array.Empty<string>() });
        await none.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Members_cannot_give_their_keys_admin_permissions()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var member = await server.CreateUserAsync(admin, "member@example.com");
        using var client = server.Client(member);
        var response = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", permissions = new[] { "adminUser.create" } });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);

        var allKey = await server.CreateApiKeyAsync(member, "all");
        using var keyClient = server.Client(allKey);
        await (await keyClient.GetAsync("/api/v1/admin/users")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Keys_cannot_change_the_password()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var key = await server.CreateApiKeyAsync(admin, "all");
        using var client = server.Client(key);
        var response = await client.PutAsJsonAsync("/api/v1/auth/password", new { currentPassword = TestServer.Password, newPassword = "another password" });
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_key_can_be_renamed_and_given_other_permissions_but_only_known_ones_the_owner_may_grant()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var member = await server.CreateUserAsync(admin, "member@example.com");
        var key = await server.CreateApiKeyAsync(member, "asset.read");
        using var owner = server.Client(member);
        var id = (await owner.GetFromJsonAsync<JsonElement>("/api/v1/api-keys"))[0].GetProperty("id").GetString();
        using var keyClient = server.Client(key);
        await (await keyClient.GetAsync("/api/v1/albums")).AssertProblemAsync(HttpStatusCode.Forbidden);

        var updated = await (await owner.PutAsJsonAsync($"/api/v1/api-keys/{id}", new { name = "Phone", permissions = new[] { "album.read", "asset.read" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Phone", updated.GetProperty("name").GetString());
        Assert.Equal(["album.read", "asset.read"], updated.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await keyClient.GetAsync("/api/v1/albums")).StatusCode);
        var renamed = await (await owner.PutAsJsonAsync($"/api/v1/api-keys/{id}", new { name = "Old phone" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, renamed.GetProperty("permissions").GetArrayLength());

        var unknown = await owner.PutAsJsonAsync($"/api/v1/api-keys/{id}", new { permissions = new[] { "album.read", "album.fly" } });
        Assert.Contains("album.fly", await unknown.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await (await owner.PutAsJsonAsync($"/api/v1/api-keys/{id}", new { permissions = new[] { "job.read" } })).AssertProblemAsync(HttpStatusCode.Forbidden);
        using var adminClient = server.Client(admin);
        await (await adminClient.PutAsJsonAsync($"/api/v1/api-keys/{id}", new { name = "mine now" })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Old phone", (await owner.GetFromJsonAsync<JsonElement>("/api/v1/api-keys"))[0].GetProperty("name").GetString());

        var grantable = (await owner.GetFromJsonAsync<string[]>("/api/v1/api-keys/permissions"))!;
        Assert.Contains("all", grantable);
        Assert.Contains("timeline.read", grantable);
        Assert.DoesNotContain("job.read", grantable);
        Assert.Contains("job.read", (await adminClient.GetFromJsonAsync<string[]>("/api/v1/api-keys/permissions"))!);
    }

    [Fact]
    public async Task Immich_clients_update_a_key_with_put()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        await server.CreateApiKeyAsync(admin, "asset.read");
        using var owner = server.Client(admin);
        var id = (await owner.GetFromJsonAsync<JsonElement>("/api/api-keys"))[0].GetProperty("id").GetString();

        var updated = await owner.PutAsJsonAsync($"/api/api-keys/{id}", new { name = "CLI", permissions = new[] { "asset.upload", "user.read" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("CLI", 2), (body.GetProperty("name").GetString(), body.GetProperty("permissions").GetArrayLength()));
        var unknown = await owner.PutAsJsonAsync($"/api/api-keys/{id}", new { permissions = new[] { "asset.fly" } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("asset.fly", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").ToString(), StringComparison.Ordinal);
    }
}
