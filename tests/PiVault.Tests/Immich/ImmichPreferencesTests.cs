using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary><c>GET/PUT /api/users/me/preferences</c> over real HTTP: defaults, partial updates kept in SQLite, validation, one user's own.</summary>
public sealed class ImmichPreferencesTests
{
    private const string Path = "/api/users/me/preferences";

    [Fact]
    public async Task Partial_updates_merge_survive_a_restart_and_stay_with_their_user()
    {
        var dataDir = TempDir.Create();
        try
        {
            string defaults;
            await using (var server = await TestServer.StartAsync(dataDir: dataDir))
            {
                var admin = await server.BootstrapAdminAsync();
                await server.CreateUserAsync(admin, "other@example.com");
                using var phone = server.Client(admin);
                var initial = await phone.GetAsync(Path, "UserPreferencesResponseDto");
                defaults = initial.ToString();
                Assert.Equal(("desc", 5, true, false), (Section(initial, "albums").GetProperty("defaultAssetOrder").GetString(),
                    Section(initial, "memories").GetProperty("duration").GetInt32(), Section(initial, "memories").GetProperty("enabled").GetBoolean(),
                    Section(initial, "ratings").GetProperty("enabled").GetBoolean()));

                var updated = await phone.CallAsync(HttpMethod.Put, Path, new { albums = new { defaultAssetOrder = "asc" }, memories = new { duration = 9 } },
                    HttpStatusCode.OK, "UserPreferencesResponseDto");
                Assert.Equal("asc", Section(updated, "albums").GetProperty("defaultAssetOrder").GetString());
                Assert.Equal(9, Section(updated, "memories").GetProperty("duration").GetInt32());
                Assert.True(Section(updated, "memories").GetProperty("enabled").GetBoolean());
                Assert.Equal(Section(initial, "download").ToString(), Section(updated, "download").ToString());

                // A later update of another section keeps the earlier one.
                var again = await phone.CallAsync(HttpMethod.Put, Path, new { ratings = new { enabled = true }, avatar = new { color = "green" } },
                    HttpStatusCode.OK, "UserPreferencesResponseDto");
                Assert.Equal("asc", Section(again, "albums").GetProperty("defaultAssetOrder").GetString());
                Assert.True(Section(again, "ratings").GetProperty("enabled").GetBoolean());
                Assert.Equal("green", (await phone.GetAsync("/api/users/me", "UserAdminResponseDto")).GetProperty("avatarColor").GetString());
            }

            await using (var restarted = await TestServer.StartAsync(dataDir: dataDir))
            {
                using var phone = restarted.Client(await restarted.LoginAsync(TestServer.AdminEmail));
                var kept = await phone.GetAsync(Path, "UserPreferencesResponseDto");
                Assert.Equal(("asc", 9, true), (Section(kept, "albums").GetProperty("defaultAssetOrder").GetString(),
                    Section(kept, "memories").GetProperty("duration").GetInt32(), Section(kept, "ratings").GetProperty("enabled").GetBoolean()));

                using var other = restarted.Client(await restarted.LoginAsync("other@example.com"));
                Assert.Equal(defaults, (await other.GetAsync(Path, "UserPreferencesResponseDto")).ToString());
                // The chosen avatar colour reaches other phones with the user.
                var users = await other.SyncAsync("UsersV1");
                Assert.Equal("green", users.Single(l => l.Type == "UserV1" && l.Data.GetProperty("email").GetString() == TestServer.AdminEmail)
                    .Data.GetProperty("avatarColor").GetString());
            }
        }
        finally
        {
            TempDir.Delete(dataDir);
        }
    }

    [Theory]
    [InlineData("""{"albums":{"defaultAssetOrder":"sideways"},"ratings":{"enabled":true}}""", "albums.defaultAssetOrder")]
    [InlineData("""{"ratings":{"enabled":true},"avatar":{"color":"chartreuse"}}""", "avatar.color")]
    [InlineData("""{"ratings":{"enabled":true},"memories":{"duration":0}}""", "memories.duration")]
    [InlineData("""{"ratings":{"enabled":true},"download":{"archiveSize":-1}}""", "download.archiveSize")]
    [InlineData("""{"ratings":{"enabled":true},"purchase":{"hideBuyButtonUntil":"soon"}}""", "purchase.hideBuyButtonUntil")]
    [InlineData("""{"ratings":{"enabled":true},"cast":{"gCastEnabled":"yes"}}""", null)]
    public async Task A_bad_value_is_refused_in_immichs_error_shape_and_changes_nothing(string body, string? named)
    {
        await using var server = await TestServer.StartAsync();
        using var phone = server.Client(await server.BootstrapAdminAsync());
        var before = (await phone.GetAsync(Path, "UserPreferencesResponseDto")).ToString();

        var response = await phone.PutAsync(Path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var message = await response.AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        if (named is not null)
        {
            Assert.Contains(named, message, StringComparison.Ordinal);
        }
        Assert.Equal(before, (await phone.GetAsync(Path, "UserPreferencesResponseDto")).ToString());
    }

    private static JsonElement Section(JsonElement preferences, string name) => preferences.GetProperty(name);
}
