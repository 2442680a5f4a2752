using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>The web app's download buttons: a selection's "Download" and an album's "Download album" save ZIPs of exactly those photos.</summary>
public sealed class ExportBrowserTests
{
    [Fact]
    public async Task The_selection_and_album_download_buttons_save_zips_of_those_photos()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var ids = new List<string>();
        foreach (var (seed, name) in new[] { (1, "one.jpg"), (2, "two.jpg"), (3, "three.jpg") })
        {
            var (status, id, body) = await client.UploadAsync(GeneratedJpeg.Make(seed), name);
            Assert.True(status == HttpStatusCode.Created, body);
            ids.Add(id);
        }
        var album = await client.PostAsJsonAsync("/api/v1/albums", new { name = "Two of them", assetIds = new[] { ids[0], ids[1] } });
        var albumId = (await album.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        var page = await session.LogInAsync();

        var tiles = page.GetByTestId("tile");
        await Expect(tiles).ToHaveCountAsync(3);
        await tiles.Nth(0).Locator("[role=checkbox]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Toolbar)).ToContainTextAsync("1 selected");
        var selection = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        Assert.Single(Originals(await selection.PathAsync()));

        await page.GotoAsync($"/albums/{albumId}");
        var whole = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("album-download").ClickAsync());
        Assert.Equal(["one.jpg", "two.jpg"], Originals(await whole.PathAsync()).Order());
    }

    private static List<string> Originals(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        return [.. zip.Entries.Select(e => e.Name).Where(n => !n.EndsWith(".xmp", StringComparison.Ordinal))];
    }
}
