using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Features.Appliance;
using PiVault.Server.Features.Backup;
using PiVault.Tests.Backup;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>/api/v1/backup and /api/v1/system/power-off over HTTP: admins only, 409 without a drive, the wire shapes.</summary>
public sealed class BackupEndpointTests
{
    [Fact]
    public async Task Admins_back_up_see_per_drive_status_and_others_are_refused()
    {
        var drive = MigratedTemplate.NewFolder();
        var bus = new FakeSystemBus { Off = true };
        await using var server = await TestServer.StartAsync(o => o with { BackupTargets = [drive] }, overrides: s => s.AddSingleton<ISystemBus>(bus));
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        using var member = server.Client(await server.CreateUserAsync(admin, "member@example.com"));

        foreach (var (method, path) in new[] { ("GET", "/api/v1/backup"), ("POST", "/api/v1/backup/run"), ("POST", "/api/v1/backup/eject"), ("POST", "/api/v1/system/power-off") })
        {
            await (await member.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).AssertProblemAsync(HttpStatusCode.Forbidden);
        }
        Assert.Contains("No backup drive is attached", await (await client.PostAsync("/api/v1/backup/run", null)).AssertProblemAsync(HttpStatusCode.Conflict),
            StringComparison.Ordinal);
        Assert.Contains("Power-off is not available", await (await client.PostAsync("/api/v1/system/power-off", null)).AssertProblemAsync(HttpStatusCode.Conflict),
            StringComparison.Ordinal);

        RotationFixture.Attach(drive);
        var started = await client.PostAsync("/api/v1/backup/run", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("started").GetBoolean());
        await server.Services.GetRequiredService<BackupRotation>().Running;

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/backup");
        Assert.Equal(("done", "safe-to-unplug", 7), (status.GetProperty("state").GetString(), status.GetProperty("light").GetString(), status.GetProperty("overdueDays").GetInt32()));
        var target = Assert.Single(status.GetProperty("targets").EnumerateArray().ToList());
        Assert.Equal((drive, true), (target.GetProperty("path").GetString(), target.GetProperty("attached").GetBoolean()));
        var shown = Assert.Single(status.GetProperty("drives").EnumerateArray().ToList());
        Assert.Equal(target.GetProperty("driveId").GetString(), shown.GetProperty("driveId").GetString());
        Assert.Equal(("succeeded", 0), (shown.GetProperty("lastOutcome").GetString(), shown.GetProperty("lastGoodFiles").GetInt32()));
        Assert.Equal(JsonValueKind.Null, status.GetProperty("current").ValueKind);

        var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/system/health");
        Assert.Equal("done", health.GetProperty("backup").GetProperty("state").GetString());

        var ejected = await client.PostAsync("/api/v1/backup/eject", null);
        Assert.Equal(HttpStatusCode.OK, ejected.StatusCode);
        Assert.Contains("safe to unplug", (await ejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString(), StringComparison.Ordinal);
        TempDir.Delete(drive);
    }
}
