using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// Headless chromium: today's memory on top of the timeline opens a slideshow of its photos; the map page draws the
/// photos with a place as clusters from the API alone (no tiles, no request leaves the appliance).
/// </summary>
public sealed class MemoriesAndMapBrowserTests
{
    [Fact]
    public async Task Todays_memory_shows_above_the_timeline_and_plays_its_photos()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var photos = new[] { (await client.UploadAsync(Uploads.RandomBytes(3000, 1), "a.jpg")).Id, (await client.UploadAsync(Uploads.RandomBytes(3000, 2), "b.jpg")).Id };
        var now = DateTimeOffset.UtcNow;
        var created = await client.PostAsJsonAsync("/api/memories", new
        {
            type = "on_this_day", data = new { year = now.Year - 2 }, memoryAt = now.AddYears(-2), showAt = now.AddHours(-1), hideAt = now.AddHours(1), assetIds = photos,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        var page = await session.LogInAsync();
        var card = page.GetByTestId("memory");
        await Expect(card).ToHaveTextAsync("2 years ago");
        await card.ClickAsync();
        var viewer = page.GetByTestId("memory-viewer");
        await Expect(viewer).ToHaveAttributeAsync("aria-label", "2 years ago: photo 1 of 2");
        await Expect(viewer.GetByTestId("memory-photo")).ToHaveAttributeAsync("data-id", photos[0]);
        await viewer.GetByRole(AriaRole.Button, new() { Name = "Next (→)" }).ClickAsync();
        await Expect(viewer.GetByTestId("memory-photo")).ToHaveAttributeAsync("data-id", photos[1]);
        await page.Keyboard.PressAsync("Escape");
        await Expect(viewer).ToHaveCountAsync(0);
        var seen = await client.GetFromJsonAsync<JsonElement>("/api/v1/memories");
        Assert.NotEqual(JsonValueKind.Null, seen[0].GetProperty("seenAt").ValueKind);
    }

    [Fact]
    public async Task The_map_page_clusters_the_photos_with_a_place_without_any_tiles()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var gps = (await client.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg")), "DSCN0012.jpg")).Id;
        await client.UploadAsync(Uploads.RandomBytes(3000, 3), "nowhere.jpg");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((await client.GetFromJsonAsync<JsonElement>("/api/v1/map/markers")).GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the metadata step did not place the photo");
            await Task.Delay(100);
        }

        var page = await session.LogInAsync();
        var outside = new List<string>();
        page.Request += (_, request) => { if (!request.Url.StartsWith(session.Server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal)) outside.Add(request.Url); };
        await page.GetByRole(AriaRole.Link, new() { Name = "Map" }).ClickAsync();
        var cluster = page.GetByTestId("cluster");
        await Expect(cluster).ToHaveCountAsync(1);
        await Expect(cluster).ToHaveAttributeAsync("data-count", "1");
        await cluster.ClickAsync();
        await Expect(page.GetByTestId("map-photos").Locator("img")).ToHaveAttributeAsync("src", $"/api/v1/assets/{gps}/thumbnail?size=thumbnail");
        Assert.Empty(outside);
    }
}
