using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// The Tags page (docs/tags.md "Web app") in headless chromium against a real server: two photos selected in the grid are
/// tagged at once, the tree shows the new tag under its parent with counts, a tag's page shows its photos (its children's
/// too), it is renamed and recoloured (the colour shows on the viewer's chip) and deleted with its children; the tags API
/// agrees at each step.
/// </summary>
public sealed class TagPageBrowserTests
{
    private static readonly string[] Photos = ["mei/jpg/Nikon_D5000.jpg", "mei/jpg/Canon_PowerShot_A85.jpg", "mei/jpg/Sony_DSC-HX5V_2.jpg"];

    [Fact]
    public async Task A_selection_is_tagged_and_the_tag_page_browses_renames_recolours_and_deletes()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var ids = new List<string>();
        foreach (var (file, i) in Photos.Select((f, i) => (f, i)))
        {
            ids.Add((await client.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile(file)), $"p{i}.jpg")).Id);
        }
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(2));
        var family = (await (await client.PutAsJsonAsync("/api/v1/tags", new { tags = new[] { "Family" } })).Content.ReadFromJsonAsync<List<JsonElement>>())![0]
            .GetProperty("id").GetString()!;
        (await client.PutAsJsonAsync("/api/v1/tags/assets", new { tagIds = new[] { family }, assetIds = new[] { ids[2] } })).EnsureSuccessStatusCode();

        // Two photos selected in the grid get a new hierarchical tag at once.
        var page = await session.LogInAsync();
        var tiles = page.GetByTestId("tile");
        await Expect(tiles).ToHaveCountAsync(3);
        await page.Locator($"[data-testid='tile'][data-id='{ids[0]}'] [role=checkbox]").ClickAsync();
        await page.Locator($"[data-testid='tile'][data-id='{ids[1]}']").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Toolbar)).ToContainTextAsync("2 selected");
        await page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Add tag" }).ClickAsync();
        await Expect(page.Locator("#selection-tag-suggestions option[value='Family']")).ToHaveCountAsync(1);
        await page.GetByTestId("selection-tag-input").FillAsync("Trips/Alps");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tag", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Tagged 2 with Trips/Alps");
        var tags = await TagsAsync(client);
        Assert.Equal(["Family", "Trips", "Trips/Alps"], tags.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Trips/Alps"], await AssetTagsAsync(client, ids[0]));
        Assert.Equal(["Trips/Alps"], await AssetTagsAsync(client, ids[1]));

        // The tree, with counts (a parent counts its children's photos); a tag's page shows its photos.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tags" }).ClickAsync();
        var links = page.GetByTestId("tag-link");
        await Expect(links).ToHaveCountAsync(3);
        await Expect(links.GetByTestId("tag-count")).ToHaveTextAsync(["1", "2", "2"]);
        await page.Locator("[data-testid='tag-link'][data-value='Trips']").ClickAsync();
        await Expect(page.GetByTestId("tag-title")).ToHaveTextAsync("Trips");
        await Expect(tiles).ToHaveCountAsync(2);
        Assert.Equal(new[] { ids[0], ids[1] }.Order(), (await tiles.EvaluateAllAsync<string[]>("t => t.map(x => x.dataset.id)")).Order());
        await page.Locator("[data-testid='tag-link'][data-value='Family']").ClickAsync();
        await Expect(page.GetByTestId("tag-title")).ToHaveTextAsync("Family");
        await Expect(tiles).ToHaveCountAsync(1);

        // Rename the child, recolour it.
        await page.Locator("[data-testid='tag-link'][data-value='Trips/Alps']").ClickAsync();
        await page.GetByTestId("tag-name").FillAsync("Dolomites");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
        await Expect(page.GetByTestId("tag-title")).ToHaveTextAsync("Trips/Dolomites");
        await page.GetByTestId("tag-colour").FillAsync("#ff0000");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Colour set to #ff0000");
        tags = await TagsAsync(client);
        Assert.Equal("#ff0000", tags["Trips/Dolomites"].GetProperty("color").GetString());
        Assert.False(tags.ContainsKey("Trips/Alps"));

        // The colour shows on the viewer's chip.
        await Expect(tiles).ToHaveCountAsync(2);
        await tiles.First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Info (i)" }).ClickAsync();
        var chip = page.GetByTestId("tag-chip").Filter(new() { HasText = "Trips/Dolomites" });
        await Expect(chip).ToHaveCSSAsync("border-top-color", "rgb(255, 0, 0)");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("viewer")).ToHaveCountAsync(0);

        // Delete the parent: its child goes too, the photos stay.
        await page.Locator("[data-testid='tag-link'][data-value='Trips']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete tag" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/tags$"));
        await Expect(links).ToHaveCountAsync(1);
        Assert.Equal(["Family"], (await TagsAsync(client)).Keys);
        Assert.Empty(await AssetTagsAsync(client, ids[0]));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync($"/api/v1/assets/{ids[0]}")).StatusCode);
    }

    private static async Task<Dictionary<string, JsonElement>> TagsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<JsonElement>>("/api/v1/tags"))!.ToDictionary(t => t.GetProperty("value").GetString()!, t => t);

    private static async Task<List<string>> AssetTagsAsync(HttpClient client, string assetId)
    {
        var asset = await client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}");
        return [.. asset.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("value").GetString()!).Order(StringComparer.Ordinal)];
    }
}
