using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PiVault.Server.Features.SmartSearch;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Ml;
using PiVault.Tests.Ml.Clip;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// Search in headless chromium against a real server: photos of known colours embedded by the generated CLIP graphs
/// (<see cref="ClipTestModel"/>: an image's embedding is its mean colour), searched from the top bar's box, filtered,
/// "more like this" from the viewer, recent searches; and, with no CLIP model, the reason and the text-in-photo search.
/// </summary>
public sealed class SearchBrowserTests
{
    private static readonly (string Name, (byte R, byte G, byte B) Colour)[] Photos =
        [("red.jpg", (230, 20, 20)), ("blue.jpg", (20, 20, 230)), ("orange.jpg", (230, 120, 20)), ("green.jpg", (20, 200, 20))];

    [Fact]
    public async Task Search_from_the_box_ranks_by_meaning_filters_finds_more_like_a_photo_and_remembers_recent_searches()
    {
        await using var session = await WebAppSession.StartAsync();
        ClipTestModel.Install(session.Server.Options.ModelsRoot);
        using var client = session.Server.Client(session.Admin);
        var ids = new Dictionary<string, string>();
        foreach (var (name, colour) in Photos)
        {
            ids[name] = (await client.UploadAsync(SolidJpeg.Of(480, 320, colour), name)).Id;
        }
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(2));
        const string query = "red bicycle at night";
        var text = session.Server.Services.GetRequiredService<SmartSearchModel>().EmbedText(query);
        var byMeaning = RankedBy(text, ids);
        AssertApart(text); // JPEG and preview rounding cannot swap two neighbours in the expected order

        var page = await session.LogInAsync();
        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search your photos" });
        await box.FillAsync(query);
        await box.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Results for “{query}”" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=red\+bicycle\+at\+night$"));
        Assert.Equal(byMeaning, await ResultIdsAsync(page, 4));

        // Favourites only: the second best is the one favourite, and stays the only result.
        (await client.PutAsJsonAsync($"/api/v1/assets/{byMeaning[1]}", new { isFavorite = true })).EnsureSuccessStatusCode();
        await page.Locator("summary", new() { HasText = "Filters" }).ClickAsync();
        await page.GetByLabel("Favourites only").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"isFavorite=true"));
        Assert.Equal([byMeaning[1]], await ResultIdsAsync(page, 1));
        await Expect(page.Locator("summary")).ToHaveTextAsync("Filters (1)");

        // A new search from the box keeps the filters; the box lists both searches, newest first, until cleared.
        await box.FillAsync("green field");
        await box.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Results for “green field”" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"q=green\+field&isFavorite=true$"));
        await box.FocusAsync();
        var recent = page.GetByRole(AriaRole.Group, new() { Name = "Recent searches" });
        await Expect(recent.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["green field", query]);
        await recent.GetByRole(AriaRole.Button, new() { Name = query }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Results for “{query}”" })).ToBeVisibleAsync();
        await Expect(recent).ToBeHiddenAsync();
        await box.FocusAsync();
        await Expect(recent.GetByRole(AriaRole.Listitem)).ToHaveTextAsync([query, "green field"]);
        await Chromium.ScreenshotAsync(page, "search");
        await recent.GetByRole(AriaRole.Button, new() { Name = "Clear", Exact = true }).ClickAsync();
        await Expect(recent).ToBeHiddenAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Results for “{query}”" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("/");
        await Expect(box).ToBeFocusedAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Recent searches" })).ToHaveCountAsync(0);

        // More like the red photo, from the viewer: red itself, then orange, then the rest by colour.
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        Assert.Equal(byMeaning, await ResultIdsAsync(page, 4));
        await page.Locator($"[data-testid=result][data-id='{ids["red.jpg"]}']").ClickAsync();
        await Expect(page.GetByTestId("viewer")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "More like this (m)" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "More like this photo" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("viewer")).ToHaveCountAsync(0);
        var likeRed = RankedBy(ClipTestModel.EmbeddingOfColour(230, 20, 20), ids);
        AssertApart(ClipTestModel.EmbeddingOfColour(230, 20, 20));
        Assert.Equal([ids["red.jpg"], ids["orange.jpg"]], likeRed.Take(2));
        Assert.Equal(likeRed, await ResultIdsAsync(page, 4));
    }

    [Fact]
    public async Task Without_a_clip_model_the_page_says_why_and_finds_the_words_written_in_photos_instead()
    {
        await using var session = await WebAppSession.StartAsync();
        MlTestModels.InstallOcr(session.Server.Options.ModelsRoot);
        using var client = session.Server.Client(session.Admin);
        var sign = new OcrPictures(900, 500, 245);
        sign.Write("Bakery Opening Hours", "DejaVu Sans Bold 34", 50, 200, 30);
        var bakery = (await client.UploadAsync(sign.Jpeg(), "bakery.jpg")).Id;
        await client.UploadAsync(SolidJpeg.Of(480, 320, (20, 20, 230)), "blue.jpg");
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(2));

        var page = await session.LogInAsync();
        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search your photos" });
        await box.FillAsync("opening hours");
        await box.PressAsync("Enter");

        var off = page.GetByTestId("smart-search-off");
        await Expect(off.GetByRole(AriaRole.Heading, new() { Name = "Smart search is off" })).ToBeVisibleAsync();
        await Expect(off).ToContainTextAsync(ClipTestModel.Name); // the server's own reason: which model is missing
        await Chromium.ScreenshotAsync(page, "search-off");
        await Expect(page.GetByTestId("result")).ToHaveCountAsync(0);
        await off.GetByRole(AriaRole.Button, new() { Name = "Search text in photos for “opening hours”" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Text in photos: “opening hours”" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"in=text"));
        Assert.Equal([bakery], await ResultIdsAsync(page, 1));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Text in photos", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");

        // The endpoint behind it: the caller's own photos only, and a query is required.
        using var other = session.Server.Client(await session.Server.CreateUserAsync(session.Admin, "other@example.com"));
        var foreign = await (await other.PostAsJsonAsync("/api/v1/search/text", new { query = "opening hours" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, foreign.GetProperty("items").GetArrayLength());
        await (await client.PostAsJsonAsync("/api/v1/search/text", new { query = " " })).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>The photos' ids, most alike first: the dot product of each photo's colour embedding with the target.</summary>
    private static List<string> RankedBy(float[] target, Dictionary<string, string> ids) =>
        [.. Photos.OrderByDescending(p => Dot(target, ClipTestModel.EmbeddingOfColour(p.Colour.R, p.Colour.G, p.Colour.B))).Select(p => ids[p.Name])];

    /// <summary>
    /// Only the first three dimensions of a photo's embedding are non-zero, each within 0.02 of the expected after JPEG
    /// and preview rounding: a score moves by at most 0.035 × the target's length there, so neighbours 0.1 × apart keep
    /// their order.
    /// </summary>
    private static void AssertApart(float[] target)
    {
        var reach = MathF.Sqrt(target.Take(3).Sum(x => x * x));
        var scores = Photos.Select(p => Dot(target, ClipTestModel.EmbeddingOfColour(p.Colour.R, p.Colour.G, p.Colour.B))).Order().ToList();
        Assert.All(scores.Zip(scores.Skip(1)), pair => Assert.True(pair.Second - pair.First > 0.1f * reach, $"scores too close: {string.Join(", ", scores)} (reach {reach})"));
    }

    private static float Dot(float[] a, float[] b) => a.Zip(b).Sum(p => p.First * p.Second);

    /// <summary>The results' ids in the page's order, once there are <paramref name="count"/> of them.</summary>
    private static async Task<List<string>> ResultIdsAsync(IPage page, int count)
    {
        var results = page.GetByTestId("result");
        await Expect(results).ToHaveCountAsync(count);
        return [.. (await results.EvaluateAllAsync<string[]>("tiles => tiles.map(t => t.dataset.id)"))];
    }
}
