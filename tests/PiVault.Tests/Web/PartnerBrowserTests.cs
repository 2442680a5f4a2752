using System.Net.Http.Json;
using Microsoft.Playwright;
using PiVault.Server.Features.Partners;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// Partner sharing in headless chromium against a real server, two people in two browser contexts: the admin shares her
/// library with Bob on the Sharing page; Bob sees the share, turns on "Show in my timeline" and finds her photo among his
/// own, read only in the viewer and in a multi-selection (download only); when she stops sharing, his timeline drops it. The server's state is checked through the API at each step.
/// </summary>
public sealed class PartnerBrowserTests
{
    [Fact]
    public async Task A_library_shared_on_the_sharing_page_shows_in_the_partners_timeline_when_they_choose_and_leaves_when_stopped()
    {
        await using var session = await WebAppSession.StartAsync();
        var bobLogin = await session.Server.CreateUserAsync(session.Admin, "bob@example.com");
        using var admin = session.Server.Client(session.Admin);
        using var bob = session.Server.Client(bobLogin);
        var hers = (await admin.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile("exif-samples/jpg/Canon_40D.jpg")), "hers.jpg")).Id;
        var his = (await bob.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile("exif-samples/jpg/Nikon_D70.jpg")), "his.jpg")).Id;
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(admin, TimeSpan.FromMinutes(2));

        var page = await session.LogInAsync();
        await page.GotoAsync("/sharing");
        var partners = page.GetByTestId("partners");
        await partners.GetByLabel("Share with").SelectOptionAsync(new SelectOptionValue { Label = "bob@example.com" });
        await partners.GetByRole(AriaRole.Button, new() { Name = "Share my library" }).ClickAsync();
        await Expect(page.GetByTestId("sharing-with")).ToContainTextAsync("bob@example.com");
        var shared = Assert.Single((await bob.GetFromJsonAsync<List<PartnerDto>>("/api/v1/partners?direction=shared-with"))!);
        Assert.Equal((session.Admin.UserId, false), (shared.Id, shared.InTimeline));

        var bobPage = await session.LogInAsync("bob@example.com");
        var tiles = bobPage.GetByTestId("tile");
        await Expect(tiles).ToHaveCountAsync(1); // his own only, until he chooses
        await bobPage.GotoAsync("/sharing");
        var mine = bobPage.GetByTestId("shared-with-me");
        await mine.GetByLabel("Show in my timeline").CheckAsync();
        await Expect(bobPage.GetByTestId("partners").GetByRole(AriaRole.Status)).ToContainTextAsync("are in your timeline");
        Assert.True(Assert.Single((await bob.GetFromJsonAsync<List<PartnerDto>>("/api/v1/partners?direction=shared-with"))!).InTimeline);
        await bobPage.GotoAsync("/");
        await Expect(tiles).ToHaveCountAsync(2);
        Assert.Equal(new[] { hers, his }.Order(), (await tiles.EvaluateAllAsync<string[]>("t => t.map(x => x.dataset.id)")).Order());

        // A selection with her photo in it offers only download, and says why; his own alone has every action.
        var bar = bobPage.GetByRole(AriaRole.Toolbar, new() { Name = "Selected photos" });
        string[] changing = ["Favourite", "Archive", "Add to album", "Add tag", "Stack", "Share link", "Move to locked folder", "Delete"];
        await bobPage.Locator($"[data-testid='tile'][data-id='{his}'] [role=checkbox]").ClickAsync();
        foreach (var action in changing.Except(["Stack"]))
        {
            await Expect(bar.GetByRole(AriaRole.Button, new() { Name = action, Exact = true })).ToBeVisibleAsync();
        }
        await bobPage.Locator($"[data-testid='tile'][data-id='{hers}']").ClickAsync(); // with a selection, a click selects
        await Expect(bar).ToContainTextAsync("2 selected");
        await Expect(bar.GetByTestId("selection-note")).ToContainTextAsync("1 of these is shared with you by a partner");
        await Expect(bar.GetByRole(AriaRole.Button, new() { Name = "Download", Exact = true })).ToBeVisibleAsync();
        foreach (var action in changing)
        {
            await Expect(bar.GetByRole(AriaRole.Button, new() { Name = action, Exact = true })).ToHaveCountAsync(0);
        }
        await bobPage.Locator($"[data-testid='tile'][data-id='{hers}']").ClickAsync(); // unselected again: his own alone
        await Expect(bar.GetByRole(AriaRole.Button, new() { Name = "Favourite", Exact = true })).ToBeVisibleAsync();
        await Expect(bar.GetByTestId("selection-note")).ToHaveCountAsync(0);
        await bar.GetByRole(AriaRole.Button, new() { Name = "Clear selection" }).ClickAsync();
        await Expect(bar).ToHaveCountAsync(0);

        // Her photo in his viewer is read only: download, but no favourite, trash, tags or rating; his own has them.
        await bobPage.Locator($"[data-testid='tile'][data-id='{hers}']").ClickAsync();
        await Expect(bobPage.GetByLabel("Download the original")).ToBeVisibleAsync();
        await Expect(bobPage.GetByLabel("Favourite (f)")).ToHaveCountAsync(0);
        await Expect(bobPage.GetByLabel("Move to the trash (Delete)")).ToHaveCountAsync(0);
        await bobPage.GetByRole(AriaRole.Button, new() { Name = "Info (i)" }).ClickAsync();
        await Expect(bobPage.GetByRole(AriaRole.Complementary, new() { Name = "Details" })).ToContainTextAsync("Taken");
        await Expect(bobPage.GetByTestId("photo-tags")).ToHaveCountAsync(0);
        await bobPage.Keyboard.PressAsync("Escape");
        await bobPage.Locator($"[data-testid='tile'][data-id='{his}']").ClickAsync();
        await Expect(bobPage.GetByLabel("Favourite (f)")).ToBeVisibleAsync();
        await bobPage.GetByRole(AriaRole.Button, new() { Name = "Info (i)" }).ClickAsync();
        await Expect(bobPage.GetByTestId("photo-tags")).ToBeVisibleAsync();
        await bobPage.Keyboard.PressAsync("Escape");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByTestId("sharing-with").GetByRole(AriaRole.Button, new() { Name = "Stop sharing" }).ClickAsync();
        await Expect(partners.GetByText("Nobody yet.")).ToBeVisibleAsync();
        Assert.Empty((await bob.GetFromJsonAsync<List<PartnerDto>>("/api/v1/partners?direction=shared-with"))!);
        await bobPage.ReloadAsync();
        await Expect(tiles).ToHaveCountAsync(1);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/assets/{hers}")).StatusCode);
    }
}
