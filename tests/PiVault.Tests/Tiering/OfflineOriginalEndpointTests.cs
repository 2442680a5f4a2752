using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Features.Tiering;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Tiering;

/// <summary>An original on an unplugged cold drive over real HTTP: a clear 503 problem for the download, the flags in both APIs.</summary>
public sealed class OfflineOriginalEndpointTests
{
    [Fact]
    public async Task Downloading_an_offline_original_answers_503_with_a_plain_reason_and_both_apis_flag_it()
    {
        await using var server = await TestServer.StartAsync(o => o with { ColdTierDir = Path.Combine(o.DataDir, "cold-drive") });
        var cold = server.Options.ColdTierDir!;
        Directory.CreateDirectory(cold);
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var bytes = Uploads.RandomBytes(4000, 21);
        var fields = new Dictionary<string, string> { ["fileCreatedAt"] = "2019-05-06T07:08:09Z" };
        var created = await client.PostAsync("/api/v1/assets", Uploads.Form(bytes, "old.jpg", fields));
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        server.Services.GetRequiredService<TierMoveService>().MoveToCold(id, pinFavorites: true);
        Assert.Equal(bytes, await client.GetByteArrayAsync($"/api/v1/assets/{id}/original")); // attached: transparent

        Directory.Move(cold, cold + ".unplugged");
        Directory.CreateDirectory(cold); // the empty mount point

        var download = await client.GetAsync($"/api/v1/assets/{id}/original");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, download.StatusCode);
        Assert.NotNull(download.Headers.RetryAfter);
        Assert.Contains("stored on the cold drive, which is not attached", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync($"/api/assets/{id}/original")).StatusCode);
        var asset = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/assets/{id}")).RootElement;
        Assert.True(asset.GetProperty("offline").GetBoolean());
        var immich = JsonDocument.Parse(await client.GetStringAsync($"/api/assets/{id}")).RootElement;
        Assert.True(immich.GetProperty("isOffline").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/assets")).StatusCode); // the timeline is unaffected
    }
}
