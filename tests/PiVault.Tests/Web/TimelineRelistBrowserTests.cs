using System.Net;
using PiVault.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PiVault.Tests.Web;

/// <summary>
/// A fresh upload is first placed by its file date, then the metadata step moves it to the month its EXIF says. A page
/// that listed the months before that move and asks for a month's photos after it must list the months again, not show
/// an empty month (seen as a timeline with no photos after a browser upload).
/// </summary>
public sealed class TimelineRelistBrowserTests
{
    [Fact]
    public async Task A_month_that_emptied_between_listing_and_loading_makes_the_grid_list_the_months_again()
    {
        await using var session = await WebAppSession.StartAsync();
        var page = await session.LogInAsync();
        using var client = session.Server.Client(session.Admin);
        (await client.PostAsync("/api/v1/admin/jobs/metadata/pause", null)).EnsureSuccessStatusCode();
        var (status, id, body) = await client.UploadAsync(ExifJpeg.Taken(new DateTime(2019, 6, 1, 12, 0, 0), TimeSpan.Zero), "june.jpg",
            new Dictionary<string, string> { ["fileCreatedAt"] = "2024-03-10T12:00:00Z" });
        Assert.True(status == HttpStatusCode.Created, body);

        // The months are listed while the photo still sits in March 2024; the metadata step runs before March's photos are asked for.
        await page.RouteAsync("**/api/v1/timeline/bucket?timeBucket=2024-03*", async route =>
        {
            (await client.PostAsync("/api/v1/admin/jobs/metadata/resume", null)).EnsureSuccessStatusCode();
            await WaitForMetadataAsync(client, id);
            await route.ContinueAsync();
        });
        await page.ReloadAsync();

        await Expect(page.Locator("section[data-bucket='2019-06']").GetByTestId("tile")).ToHaveCountAsync(1);
        await Expect(page.Locator("section[data-bucket='2024-03']")).ToHaveCountAsync(0);
    }

    private static async Task WaitForMetadataAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetAsync($"/api/v1/assets/{id}/metadata")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the metadata step did not run");
            await Task.Delay(50);
        }
    }
}
