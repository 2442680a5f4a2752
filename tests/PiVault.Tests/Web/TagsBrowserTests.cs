using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// Tags and the star rating in the viewer's info panel (docs/tags.md), in headless chromium against a real server: a new
/// hierarchical tag is created with its parent, an existing one is picked from the suggestions, one is removed and the
/// photo is rated; the tags API and the asset agree, and the panel shows the same after the viewer is opened again.
/// </summary>
public sealed class TagsBrowserTests
{
    [Fact]
    public async Task Tags_are_added_new_and_existing_and_removed_and_the_photo_rated_in_the_viewer()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var taken = new DateTime(2023, 7, 14, 10, 0, 0);
        var (status, assetId, body) = await client.UploadAsync(ExifJpeg.Taken(taken, TimeSpan.Zero), "alps.jpg",
            new Dictionary<string, string> { ["fileCreatedAt"] = "2023-07-14T10:00:00Z" });
        Assert.True(status == HttpStatusCode.Created, body);
        // The rating lands on the photo's metadata, which the pipeline reads first.
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(2));
        (await client.PostAsJsonAsync("/api/v1/tags", new { name = "Family" })).EnsureSuccessStatusCode();

        var page = await session.LogInAsync();
        await page.Locator($"[data-testid='tile'][data-id='{assetId}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Info (i)" }).ClickAsync();
        var panel = page.GetByTestId("photo-tags");
        var chips = panel.Locator("[data-testid='tag-chip'] span");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(chips).ToHaveCountAsync(0);
        // The caller's existing tag is offered.
        await Expect(panel.Locator("datalist option[value='Family']")).ToHaveCountAsync(1);

        var input = panel.GetByLabel("Add a tag");
        await input.FillAsync("Trips/Alps");
        await input.PressAsync("Enter");
        await Expect(chips).ToHaveTextAsync(["Trips/Alps"]);
        await input.FillAsync("Family");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(chips).ToHaveTextAsync(["Family", "Trips/Alps"]);
        // Both on the photo now: nothing left to suggest but the parent the new tag made.
        await Expect(panel.Locator("datalist option")).ToHaveCountAsync(1);
        await Expect(panel.Locator("datalist option[value='Trips']")).ToHaveCountAsync(1);
        Assert.Equal(["Family", "Trips/Alps"], await AssetTagsAsync(client, assetId));

        await panel.GetByRole(AriaRole.Button, new() { Name = "Remove the tag Family" }).ClickAsync();
        await Expect(chips).ToHaveTextAsync(["Trips/Alps"]);

        var stars = panel.GetByTestId("rating");
        await stars.GetByRole(AriaRole.Button, new() { Name = "4 stars" }).ClickAsync();
        await Expect(stars.Locator("button[aria-pressed='true']")).ToHaveCountAsync(4);

        // The server agrees: the new tag made its parent, the removed tag still exists but is off the photo, the rating is 4.
        var tags = (await client.GetFromJsonAsync<List<JsonElement>>("/api/v1/tags"))!;
        Assert.Equal(["Family", "Trips", "Trips/Alps"], tags.Select(t => t.GetProperty("value").GetString()!).Order(StringComparer.Ordinal));
        var alps = tags.Single(t => t.GetProperty("value").GetString() == "Trips/Alps");
        Assert.Equal(tags.Single(t => t.GetProperty("value").GetString() == "Trips").GetProperty("id").GetString(), alps.GetProperty("parentId").GetString());
        Assert.Equal(["Trips/Alps"], await AssetTagsAsync(client, assetId));
        Assert.Equal(4, await RatingAsync(client, assetId));

        // Opened again, the panel shows what the server has.
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("viewer")).ToHaveCountAsync(0);
        await page.Locator($"[data-testid='tile'][data-id='{assetId}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Info (i)" }).ClickAsync();
        await Expect(chips).ToHaveTextAsync(["Trips/Alps"]);
        await Expect(stars.Locator("button[aria-pressed='true']")).ToHaveCountAsync(4);

        // The same star again clears the rating.
        await stars.GetByRole(AriaRole.Button, new() { Name = "4 stars" }).ClickAsync();
        await Expect(stars.Locator("button[aria-pressed='true']")).ToHaveCountAsync(0);
        Assert.True(await RatingAsync(client, assetId) is null or 0);
    }

    private static async Task<List<string>> AssetTagsAsync(HttpClient client, string assetId)
    {
        var asset = await client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}");
        return [.. asset.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("value").GetString()!).Order(StringComparer.Ordinal)];
    }

    private static async Task<int?> RatingAsync(HttpClient client, string assetId)
    {
        var rating = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{assetId}/metadata")).GetProperty("rating");
        return rating.ValueKind == JsonValueKind.Null ? null : rating.GetInt32();
    }
}
