using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

public sealed class SettingsTests
{
    [Fact]
    public async Task The_wizard_settings_are_validated_persisted_and_admin_only()
    {
        await using var server = await TestServer.StartAsync();
        using var anonymous = server.Client();
        Assert.True((await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/server/config")).GetProperty("setupRequired").GetBoolean());
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);

        await (await client.PutAsJsonAsync("/api/v1/admin/settings", new { deviceName = "-bad name" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PutAsJsonAsync("/api/v1/admin/settings", new { timeZone = "Mars/Olympus" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var saved = await (await client.PutAsJsonAsync("/api/v1/admin/settings", new
        {
            timeZone = "UTC", deviceName = "Photos", mlEnabled = false, completeSetup = true,
        })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("photos", saved.GetProperty("deviceName").GetString());
        Assert.False(saved.GetProperty("mlEnabled").GetBoolean());
        var config = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/server/config");
        Assert.False(config.GetProperty("setupRequired").GetBoolean());
        Assert.True(config.GetProperty("setupCompleted").GetBoolean());

        var member = await server.CreateUserAsync(admin, "member@example.com");
        using var memberClient = server.Client(member);
        await (await memberClient.PutAsJsonAsync("/api/v1/admin/settings", new { mlEnabled = true })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await anonymous.GetAsync("/api/v1/admin/settings")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
