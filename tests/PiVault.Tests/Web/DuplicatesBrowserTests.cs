using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Tests.Duplicates;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>The Duplicates page in headless chromium: a photo and two copies side by side, the suggestion ticked, keep it and trash the others.</summary>
public sealed class DuplicatesBrowserTests
{
    private const string Photo = "exif-samples/jpg/gps/DSCN0012.jpg";

    [Fact]
    public async Task The_owner_keeps_the_suggested_photo_and_trashes_the_copies()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var path = Uploads.CorpusFile(Photo);
        var copies = PhotoVariants.Of(path);
        var (_, original, _) = await client.UploadAsync(File.ReadAllBytes(path), "DSCN0012.jpg");
        var (_, small, _) = await client.UploadAsync(copies["resized-50"], "small.jpg");
        var (_, grainy, _) = await client.UploadAsync(copies["jpeg-q30"], "grainy.jpg");
        await WaitForOneGroupAsync(client);

        var page = await session.LogInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Duplicates" }).ClickAsync();
        var group = page.GetByRole(AriaRole.Region, new() { Name = "Duplicate group of 3 photos" });
        await Expect(group.Locator("li")).ToHaveCountAsync(3);
        await Expect(group.Locator("li").Filter(new() { HasText = "small.jpg" })).ToContainTextAsync("320 × 240");
        await Expect(group.Locator("li").Filter(new() { HasText = "DSCN0012.jpg" })).ToContainTextAsync("suggested");
        await Expect(group.GetByLabel("Keep DSCN0012.jpg")).ToBeCheckedAsync();
        await Expect(group.GetByLabel("Keep grainy.jpg")).Not.ToBeCheckedAsync();

        await group.GetByRole(AriaRole.Button, new() { Name = "Keep selected, trash the others" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Kept 1, moved 2 to the trash.");
        await Expect(page.GetByText("No duplicates found.")).ToBeVisibleAsync();
        var trash = await client.GetFromJsonAsync<JsonElement>("/api/v1/trash");
        Assert.Equal(new[] { small, grainy }.Order(StringComparer.Ordinal), trash.EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(original, trash.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }

    private static async Task WaitForOneGroupAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await client.GetFromJsonAsync<JsonElement>("/api/v1/duplicates")).GetArrayLength() != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "no duplicate group within 60 s");
            await Task.Delay(100);
        }
    }
}
