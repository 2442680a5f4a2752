using Microsoft.Playwright;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// Opening the timeline in headless chromium: the first tiles must not wait behind the session check, and days are
/// those of the clock where each photo was taken, whatever the browser's own time zone.
/// </summary>
public sealed class FirstLoadBrowserTests
{
    [Fact]
    public async Task The_first_tiles_are_requested_without_waiting_for_config_or_the_user_and_days_follow_the_local_clock()
    {
        await using var session = await WebAppSession.StartAsync();
        using (var client = session.Server.Client(session.Admin))
        {
            // 23:30 on New Year's Eve in New York is already 1 January in UTC, and 18:30 on 1 January in Kiritimati (UTC+14).
            await ExifJpeg.UploadAndReadAsync(client, "times-square.jpg", new DateTime(2024, 12, 31, 23, 30, 0), TimeSpan.FromHours(-5));
            await ExifJpeg.UploadAndReadAsync(client, "autumn.jpg", new DateTime(2024, 11, 2, 10, 0, 0), TimeSpan.FromHours(-4));
        }
        var loggedIn = await session.LogInAsync();
        await using var context = await session.Chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = session.Server.BaseAddress.ToString(), TimezoneId = "Pacific/Kiritimati", Locale = "en-GB",
            StorageState = await loggedIn.Context.StorageStateAsync(),
        });
        var page = await context.NewPageAsync();

        // Hold the session check (server config, who is logged in) until the first month's tiles have been asked for.
        var events = new List<string>();
        var firstTiles = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Request += (_, r) => Record(events, "start", r, firstTiles);
        page.RequestFinished += (_, r) => Record(events, "end", r, null);
        foreach (var held in new[] { "**/api/v1/server/config", "**/api/v1/users/me" })
        {
            await page.RouteAsync(held, async route =>
            {
                await release.Task;
                await route.ContinueAsync();
            });
        }
        var opening = page.GotoAsync("/");
        var asked = await Task.WhenAny(firstTiles.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        release.SetResult();
        await opening;
        Assert.True(asked == firstTiles.Task, "no tiles were requested while the session check was held: " + string.Join(", ", Snapshot(events)));

        var tiles = await firstTiles.Task;
        var order = Snapshot(events);
        var tilesAt = order.IndexOf("start " + tiles);
        Assert.EndsWith("timeBucket=2024-12&view=timeline&withPartners=true", tiles, StringComparison.Ordinal);
        // The session check was in flight, unanswered, while the months and then the tiles were asked for.
        var before = order.Take(tilesAt).ToList();
        Assert.True(before.Contains("start /api/v1/server/config") && before.Contains("start /api/v1/users/me"), string.Join(", ", order));
        Assert.DoesNotContain(before, e => e is "end /api/v1/server/config" or "end /api/v1/users/me");
        Assert.Contains("end /api/v1/timeline/buckets?view=timeline&withPartners=true", before);

        var december = page.Locator("section[data-bucket='2024-12']");
        await Expect(december.GetByTestId("tile")).ToHaveCountAsync(1);
        await Expect(december.GetByTestId("day")).ToHaveTextAsync("Tue, 31 Dec 2024");
        await Expect(page.Locator("section[data-bucket='2024-11']").GetByTestId("day")).ToHaveTextAsync("Sat, 2 Nov 2024");
        // Each answer was used once: the grid took the early requests instead of asking again.
        order = Snapshot(events);
        Assert.Single(order, e => e == "start /api/v1/timeline/buckets?view=timeline&withPartners=true");
        Assert.Single(order, e => e == "start " + tiles);
    }

    private static void Record(List<string> events, string what, IRequest request, TaskCompletionSource<string>? firstTiles)
    {
        var path = new Uri(request.Url).PathAndQuery;
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return;
        }
        lock (events)
        {
            events.Add($"{what} {path}");
        }
        if (path.StartsWith("/api/v1/timeline/bucket?", StringComparison.Ordinal))
        {
            firstTiles?.TrySetResult(path);
        }
    }

    private static List<string> Snapshot(List<string> events)
    {
        lock (events)
        {
            return [.. events];
        }
    }
}
