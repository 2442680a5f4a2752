using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// The household's first day, in headless chromium against the real server on 127.0.0.1: setup wizard → login →
/// upload real photos → timeline → viewer → album → share link opened without an account (wrong password refused,
/// exactly the album shown) → the link expires.
/// </summary>
public sealed class BrowserJourneyTests
{
    private const string Email = "parent@example.com";
    private const string Password = "a long family password";
    private const string LinkPassword = "beach day 2024";

    private static readonly string[] Photos = ["mei/jpg/Nikon_D5000.jpg", "mei/jpg/Canon_PowerShot_A85.jpg", "mei/jpg/Sony_DSC-HX5V_2.jpg"];

    [Fact]
    public async Task Wizard_login_upload_timeline_viewer_album_and_share_link_work_in_a_real_browser()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        await using var server = await TestServer.StartAsync(o => o with { WebDir = Path.Combine(Uploads.RepoRoot, "web", "dist") }, time);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync(server.BaseAddress);

        await RunWizardAsync(page);
        await LogOutAndInAsync(page);
        await UploadAsync(page);
        await TimelineShowsTheUploadsAsync(page, server);
        await ViewerOpensAsync(page);
        var shareUrl = await CreateAlbumAndShareLinkAsync(page);

        var visitor = await chromium.NewPageAsync(server.BaseAddress, 390, 844); // a phone, no account
        await SharedAlbumOpensWithThePasswordOnlyAsync(visitor, shareUrl);
        await Chromium.ScreenshotAsync(page, "admin");

        time.Advance(TimeSpan.FromDays(2));
        await visitor.ReloadAsync();
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "This link has expired" })).ToBeVisibleAsync();
        await Expect(visitor.GetByTestId("shared-tile")).ToHaveCountAsync(0);
    }

    private static async Task RunWizardAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/setup$"));
        await page.FillAsync("#email", Email);
        await page.FillAsync("#name", "Parent");
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", "not the same");
        await page.ClickAsync("button:has-text('Create admin')");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The two passwords are not the same.");
        await page.FillAsync("#confirm", Password);
        await Chromium.ScreenshotAsync(page, "setup-admin");
        await page.ClickAsync("button:has-text('Create admin')");

        await Expect(page.GetByTestId("storage-plan")).ToContainTextAsync("Choosing roles here formats nothing");
        await Chromium.ScreenshotAsync(page, "setup-storage");
        await page.ClickAsync("button:has-text('Next')");
        await Expect(page.Locator("#tz")).ToBeVisibleAsync();
        await page.ClickAsync("button:has-text('Next')");
        await page.FillAsync("#device", "bad name!");
        await page.ClickAsync("button:has-text('Next')");
        await Expect(page.Locator("#device")).ToBeVisibleAsync(); // the browser refuses the invalid name before the server sees it
        await page.FillAsync("#device", "family-photos");
        await page.ClickAsync("button:has-text('Next')");
        await page.ClickAsync("button:has-text('Finish')");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photos" })).ToBeVisibleAsync();

        // Afterwards the wizard is unreachable.
        await page.GotoAsync("/setup");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/$"));
    }

    private static async Task LogOutAndInAsync(IPage page)
    {
        await page.ClickAsync("button:has-text('Log out')");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));
        await page.FillAsync("#email", Email);
        await page.FillAsync("#password", "wrong password");
        await page.ClickAsync("button:has-text('Log in')");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong email or password.");
        await page.FillAsync("#password", Password);
        await Chromium.ScreenshotAsync(page, "login");
        await page.ClickAsync("button:has-text('Log in')");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Photos" })).ToBeVisibleAsync();
    }

    private static async Task UploadAsync(IPage page)
    {
        await page.ClickAsync("nav >> text=Upload");
        var files = Photos.Select(Uploads.CorpusFile).ToArray();
        await page.SetInputFilesAsync("[data-testid=file-input]", files);
        await Expect(page.GetByTestId("upload-summary")).ToContainTextAsync("3 uploaded · 0 already there · 0 failed");
        await page.SetInputFilesAsync("[data-testid=file-input]", files[..1]);
        await Expect(page.GetByTestId("upload-summary")).ToContainTextAsync("1 already there");
        await Expect(page.GetByText("Already in your library", new() { Exact = true })).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "upload");
    }

    /// <summary>Tiles appear at once; thumbnails replace the placeholders once the media pipeline has made them.</summary>
    private static async Task TimelineShowsTheUploadsAsync(IPage page, TestServer server)
    {
        await page.ClickAsync("nav >> text=Photos");
        await Expect(page.GetByTestId("tile")).ToHaveCountAsync(3);
        Assert.True(await PipelineMadeThumbnailsAsync(page, server), "the media pipeline did not make every thumbnail");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("thumbnail")).ToHaveCountAsync(3);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=thumbnail]')].every(i => i.complete && i.naturalWidth > 0)");
        await Chromium.ScreenshotAsync(page, "timeline");
    }

    /// <summary>Waits until the job queues are idle, then says whether every asset has its thumbnail.</summary>
    private static async Task<bool> PipelineMadeThumbnailsAsync(IPage page, TestServer server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var queues = JsonDocument.Parse(await page.EvaluateAsync<string>("async () => await (await fetch('/api/v1/admin/jobs')).text()")).RootElement;
            if (queues.EnumerateArray().All(q => q.GetProperty("pending").GetInt64() + q.GetProperty("running").GetInt64() == 0))
            {
                break;
            }
            await Task.Delay(250);
        }
        var page1 = JsonDocument.Parse(await page.EvaluateAsync<string>("async () => await (await fetch('/api/v1/assets')).text()")).RootElement;
        _ = server;
        return page1.GetProperty("items").EnumerateArray().All(a => a.GetProperty("hasThumbnail").GetBoolean());
    }

    private static async Task ViewerOpensAsync(IPage page)
    {
        await page.GetByTestId("tile").First.ClickAsync();
        var viewer = page.GetByTestId("viewer");
        await Expect(viewer).ToBeVisibleAsync();
        await Expect(viewer.Locator("img")).ToBeVisibleAsync();
        var first = await viewer.Locator(".title").TextContentAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(viewer.Locator(".title")).Not.ToHaveTextAsync(first!);
        await page.Keyboard.PressAsync("i");
        await Expect(viewer.GetByRole(AriaRole.Complementary, new() { Name = "Details" })).ToContainTextAsync("Taken");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('[data-testid=viewer] .stage img'); return i && i.complete && i.naturalWidth > 0; }");
        await Chromium.ScreenshotAsync(page, "viewer");
        await page.Keyboard.PressAsync("Escape");
        await Expect(viewer).ToHaveCountAsync(0);
    }

    private static async Task<string> CreateAlbumAndShareLinkAsync(IPage page)
    {
        var tiles = page.GetByTestId("tile");
        await tiles.Nth(0).Locator("[role=checkbox]").ClickAsync();
        await tiles.Nth(1).ClickAsync(); // with a selection, a click selects instead of opening
        await Expect(page.GetByRole(AriaRole.Toolbar)).ToContainTextAsync("2 selected");
        await page.ClickAsync("button:has-text('Add to album')");
        await page.FillAsync("#new-album", "Beach");
        await page.ClickAsync("button:has-text('Create album')");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Beach" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tile")).ToHaveCountAsync(2);
        await Chromium.ScreenshotAsync(page, "album");

        await page.ClickAsync("button:has-text('Share link')");
        await page.FillAsync("#link-password", LinkPassword);
        await page.FillAsync("#link-expires", DateTime.Now.AddDays(1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("button:has-text('Create link')");
        var url = await page.GetByTestId("share-url").InputValueAsync();
        Assert.Contains("/s/", url, StringComparison.Ordinal);
        await page.ClickAsync("button:has-text('Done')");
        await page.ClickAsync("nav >> text=Albums");
        await Expect(page.GetByTestId("album-card")).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "albums");
        await page.GotoAsync("/admin");
        await Expect(page.GetByTestId("queues")).ToBeVisibleAsync();
        await ThumbnailsCanBeMadeAgainAsync(page);
        return url;
    }

    /// <summary>
    /// "All" on the thumbnails queue queues every photo again (after an upgrade that draws better), once confirmed; the
    /// queue is paused first so the waiting jobs can be seen before they run.
    /// </summary>
    private static async Task ThumbnailsCanBeMadeAgainAsync(IPage page)
    {
        var row = page.GetByTestId("queues").Locator("tbody tr", new() { HasText = "thumbnails" });
        var waiting = row.Locator("td").Nth(1);
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Missing", Exact = true })).ToBeDisabledAsync(); // nothing lacks a thumbnail
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause", Exact = true }).ClickAsync();
        await Expect(row).ToContainTextAsync("Paused");

        string? question = null;
        void Accept(object? sender, IDialog dialog)
        {
            question = dialog.Message;
            _ = dialog.AcceptAsync();
        }
        page.Dialog += Accept;
        await row.GetByRole(AriaRole.Button, new() { Name = "All", Exact = true }).ClickAsync();
        await Expect(waiting).ToHaveTextAsync("3");
        page.Dialog -= Accept;
        Assert.Contains("all 3 photos and videos", question, StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = "Resume", Exact = true }).ClickAsync();
        await Expect(waiting).ToHaveTextAsync("0", new() { Timeout = 60_000 });
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("0"); // none failed
    }

    private static async Task SharedAlbumOpensWithThePasswordOnlyAsync(IPage visitor, string url)
    {
        await visitor.GotoAsync(url);
        await Expect(visitor.GetByRole(AriaRole.Heading, new() { Name = "This link is protected" })).ToBeVisibleAsync();
        await visitor.FillAsync("#share-password", "not the password");
        await visitor.ClickAsync("button:has-text('Open')");
        await Expect(visitor.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong password for this link.");
        await Expect(visitor.GetByTestId("shared-tile")).ToHaveCountAsync(0);

        await visitor.FillAsync("#share-password", LinkPassword);
        await visitor.ClickAsync("button:has-text('Open')");
        await Expect(visitor.GetByTestId("shared-title")).ToHaveTextAsync("Beach");
        await Expect(visitor.GetByTestId("shared-tile")).ToHaveCountAsync(2);
        await Expect(visitor.GetByRole(AriaRole.Navigation)).ToHaveCountAsync(0); // no way into the rest of the app
        Assert.Equal(401, await visitor.EvaluateAsync<int>("async () => (await fetch('/api/v1/assets')).status"));
        Assert.Equal(401, await visitor.EvaluateAsync<int>("async () => (await fetch('/api/v1/albums')).status"));
        await Chromium.ScreenshotAsync(visitor, "shared-album-phone");
    }
}
