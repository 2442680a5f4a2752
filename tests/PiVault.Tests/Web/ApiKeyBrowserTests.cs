using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>Settings → API keys in headless chromium: a key limited to reading, used over HTTP, then given album rights.</summary>
public sealed class ApiKeyBrowserTests
{
    [Fact]
    public async Task A_key_made_with_only_asset_read_reads_but_cannot_write_albums_until_edited()
    {
        await using var session = await WebAppSession.StartAsync();
        var page = await session.LogInAsync();
        await page.GotoAsync("/settings");

        var form = page.GetByRole(AriaRole.Form, new() { Name = "New API key" });
        await form.GetByLabel("Key name").FillAsync("Photo frame");
        await form.GetByLabel("Only what I choose").CheckAsync();
        await form.GetByLabel("asset.read", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secret = await page.GetByTestId("api-key-secret").TextContentAsync();
        var row = page.GetByTestId("api-key-row").Filter(new() { HasText = "Photo frame" });
        await Expect(row.Locator(".permissions")).ToHaveTextAsync("asset.read");

        using var key = new HttpClient { BaseAddress = session.Server.BaseAddress };
        key.DefaultRequestHeaders.Add("x-api-key", secret);
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/api/v1/assets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await key.PostAsJsonAsync("/api/v1/albums", new { name = "Frame" })).StatusCode);

        // Edit: every album permission through the group's select-all box.
        await row.GetByRole(AriaRole.Button, new() { Name = "Edit Photo frame" }).ClickAsync();
        var edit = page.GetByRole(AriaRole.Form, new() { Name = "Edit API key" });
        await edit.GetByLabel("Albums: all").CheckAsync();
        await Expect(edit.GetByLabel("albumAsset.create", new() { Exact = true })).ToBeCheckedAsync();
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row.Locator(".permissions")).ToContainTextAsync("album.create");
        await Expect(row.Locator(".permissions")).ToContainTextAsync("asset.read");
        Assert.Equal(HttpStatusCode.Created, (await key.PostAsJsonAsync("/api/v1/albums", new { name = "Frame" })).StatusCode);
    }
}
