using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Web;

/// <summary>
/// The forgery in a real browser: a page of another service on the same host (another port: the same "site", so
/// chromium sends the SameSite=Lax session cookie along) posts to PiVault and opens its websocket. Neither works; the
/// logged-in web app's own requests still do.
/// </summary>
public sealed class CrossSiteBrowserTests
{
    private const string AttackScript = """
        async (target) => {
          const result = {};
          try {
            await fetch(target + '/api/v1/trash/empty', { method: 'POST', credentials: 'include', mode: 'no-cors' });
            result.post = 'sent';
          } catch (e) {
            result.post = 'failed';
          }
          result.socket = await new Promise(resolve => {
            const socket = new WebSocket(target.replace('http:', 'ws:') + '/api/socket.io/?EIO=4&transport=websocket');
            socket.onmessage = m => {
              if (m.data.startsWith('0{')) socket.send('40');
              else if (m.data.includes('on_server_version')) { resolve('greeted'); socket.close(); }
              else if (m.data.includes('unauthorized')) { resolve('unauthorized'); socket.close(); }
            };
            socket.onerror = () => resolve('refused');
            setTimeout(() => resolve('timeout'), 20000);
          });
          return JSON.stringify(result);
        }
        """;

    [Fact]
    public async Task A_page_of_another_service_on_the_same_host_can_neither_empty_the_trash_nor_open_the_websocket()
    {
        await using var session = await WebAppSession.StartAsync();
        var page = await session.LogInAsync();
        using var admin = session.Server.Client(session.Admin);
        var (_, trashed, _) = await admin.UploadAsync(Uploads.RandomBytes(5000, 5), "kept.jpg");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/assets/{trashed}")).StatusCode);
        var target = session.Server.BaseAddress.GetLeftPart(UriPartial.Authority);

        // A real server on the same host: chromium's local-network checks stop a page that did not come from a local
        // address (one Playwright fulfils itself) from reaching 127.0.0.1 at all, which would hide the forgery.
        await using var attacker = await RecipesSiteAsync();
        await page.GotoAsync($"{attacker.Urls.Single()}/recipes");
        var result = JsonDocument.Parse(await page.EvaluateAsync<string>(AttackScript, target)).RootElement;

        Assert.Equal("refused", result.GetProperty("socket").GetString());
        Assert.True((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{trashed}")).GetProperty("isTrashed").GetBoolean());

        // Back on PiVault's own page, the same cookie restores the photo.
        await page.GotoAsync("/");
        var status = await page.EvaluateAsync<int>("async id => (await fetch('/api/v1/assets/' + id + '/restore', { method: 'POST' })).status", trashed);
        Assert.Equal(204, status);
        Assert.False((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{trashed}")).GetProperty("isTrashed").GetBoolean());
    }

    /// <summary>Another service on the appliance: one harmless-looking page at 127.0.0.1 on a port of its own.</summary>
    private static async Task<WebApplication> RecipesSiteAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var site = builder.Build();
        site.MapGet("/recipes", () => Results.Content("<!doctype html><title>Recipes</title>", "text/html"));
        await site.StartAsync();
        return site;
    }
}
