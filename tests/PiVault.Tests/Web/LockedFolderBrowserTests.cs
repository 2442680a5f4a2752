using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// The locked folder in headless chromium over a real server: a photo goes from the timeline's viewer into the folder
/// (the first time the dialog sets the PIN, since the server moves photos in only while the folder is open), leaves the
/// timeline, shows on the Locked folder page after the PIN (a wrong PIN refused with a plain message), and comes back out;
/// a forgotten PIN is removed with the account password.
/// </summary>
public sealed class LockedFolderBrowserTests
{
    private const string Pin = "135790";

    [Fact]
    public async Task A_photo_moves_into_the_locked_folder_from_the_viewer_shows_only_there_after_the_PIN_and_moves_back_out()
    {
        await using var session = await WebAppSession.StartAsync();
        using var client = session.Server.Client(session.Admin);
        var kept = await UploadAsync(client, new DateTime(2023, 5, 1, 9, 0, 0), "beach.jpg");
        var secret = await UploadAsync(client, new DateTime(2023, 5, 2, 9, 0, 0), "secret.jpg");
        var page = await session.LogInAsync();
        await Expect(page.GetByTestId("tile")).ToHaveCountAsync(2);

        // From the viewer: the dialog says where the photo disappears from and, with no PIN yet, asks for a new one twice.
        await page.Locator($"[data-testid='tile'][data-id='{secret}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move to locked folder" }).ClickAsync();
        var dialog = page.GetByTestId("locked-move-dialog");
        await Expect(dialog).ToContainTextAsync("disappears from the timeline, albums, search and share links");
        await dialog.GetByTestId("new-pin").FillAsync(Pin);
        await dialog.GetByTestId("repeat-pin").FillAsync("135791");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Move to locked folder" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("not the same");
        await dialog.GetByTestId("new-pin").FillAsync(Pin);
        await dialog.GetByTestId("repeat-pin").FillAsync(Pin);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Move to locked folder" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("viewer").Locator(".title")).ToHaveTextAsync("beach.jpg"); // the viewer moved on to the other photo
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByTestId("tile")).ToHaveCountAsync(1);
        await Expect(page.Locator($"[data-testid='tile'][data-id='{secret}']")).ToHaveCountAsync(0);

        // The server agrees: out of the timeline, and closed to every other session (this API client's included).
        Assert.Equal(1, await TimelineCountAsync(client));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/v1/assets/{secret}")).StatusCode);
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/locked-folder");
        Assert.Equal((true, false), (status.GetProperty("pinSet").GetBoolean(), status.GetProperty("unlocked").GetBoolean()));

        // The Locked folder page: open in this browser session for now; "Lock" closes it, and the PIN opens it again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Locked folder", Exact = true }).ClickAsync();
        await Expect(page.Locator($"[data-testid='tile'][data-id='{secret}']")).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("tile")).ToHaveCountAsync(0);
        await page.GetByTestId("pin").FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Wrong PIN code.");
        await Expect(page.GetByTestId("tile")).ToHaveCountAsync(0);
        await page.GetByTestId("pin").FillAsync(Pin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("tile")).ToHaveCountAsync(1);

        // Out again from its viewer: the folder is empty and the photo is back in the timeline.
        await page.Locator($"[data-testid='tile'][data-id='{secret}']").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Move out of the locked folder" }).ClickAsync();
        await Expect(page.GetByTestId("viewer")).ToHaveCountAsync(0);
        await Expect(page.GetByText("The locked folder is empty.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Photos", Exact = true }).ClickAsync();
        await Expect(page.Locator($"[data-testid='tile'][data-id='{secret}']")).ToHaveCountAsync(1);
        await Expect(page.Locator($"[data-testid='tile'][data-id='{kept}']")).ToHaveCountAsync(1);
        Assert.Equal(2, await TimelineCountAsync(client));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/assets/{secret}")).StatusCode);

        // A forgotten PIN: closed again, it is removed with the account password and the page asks for a new one.
        await page.GetByRole(AriaRole.Link, new() { Name = "Locked folder", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true }).ClickAsync();
        await page.GetByText("Forgot your PIN?").ClickAsync();
        await page.GetByLabel("Account password").FillAsync(TestServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove PIN", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("repeat-pin")).ToBeVisibleAsync();
        Assert.False((await client.GetFromJsonAsync<JsonElement>("/api/v1/locked-folder")).GetProperty("pinSet").GetBoolean());
    }

    private static async Task<string> UploadAsync(HttpClient client, DateTime taken, string name)
    {
        var (status, id, body) = await client.UploadAsync(ExifJpeg.Taken(taken, TimeSpan.Zero), name,
            new Dictionary<string, string> { ["fileCreatedAt"] = taken.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(status == HttpStatusCode.Created, body);
        return id;
    }

    private static async Task<int> TimelineCountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets")).EnumerateArray().Sum(b => b.GetProperty("count").GetInt32());
}
