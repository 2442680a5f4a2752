using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// Immich's timeline routes over real HTTP, on photos placed by their EXIF local time: Immich's bucket names, its
/// column-wise bucket body and its error shape. The local-time rule itself is tested on the service tier
/// (Services/TimelineRulesTests), as are the query plans.
/// </summary>
public sealed class LocalTimeTimelineTests
{
    [Fact]
    public async Task Immich_timeline_routes_name_buckets_by_local_month_and_answer_column_wise()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        // New Year's Eve at 23:30 in Athens (21:30 UTC) and in New York (04:30 UTC on 1 January): both in December.
        var athensEve = await ExifJpeg.UploadAndReadAsync(client, "eve1.jpg", new DateTime(2024, 12, 31, 23, 30, 0), TimeSpan.FromHours(2));
        var newYorkEve = await ExifJpeg.UploadAndReadAsync(client, "eve2.jpg", new DateTime(2024, 12, 31, 23, 30, 0), TimeSpan.FromHours(-5));

        using var immich = server.Client(await server.CreateApiKeyAsync(admin, "timeline.read"));
        var buckets = await immich.GetFromJsonAsync<JsonElement>("/api/timeline/buckets");
        Assert.Equal(["2024-12-01:2"], buckets.EnumerateArray().Select(b => $"{b.GetProperty("timeBucket")}:{b.GetProperty("count")}"));
        foreach (var name in new[] { "2024-12-01", "2024-12-01T00:00:00.000Z" })
        {
            var december = await immich.GetFromJsonAsync<JsonElement>($"/api/timeline/bucket?timeBucket={name}");
            Assert.Equal([newYorkEve, athensEve], december.GetProperty("id").EnumerateArray().Select(i => i.GetString()));
            Assert.Equal([-5.0, 2.0], december.GetProperty("localOffsetHours").EnumerateArray().Select(h => h.GetDouble()));
            Assert.Equal(["timeline", "timeline"], december.GetProperty("visibility").EnumerateArray().Select(v => v.GetString()));
        }

        var badView = await immich.GetAsync("/api/timeline/buckets?visibility=hidden");
        Assert.Equal(HttpStatusCode.BadRequest, badView.StatusCode);
        Assert.Equal(400, (await badView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusCode").GetInt32());
        using var withoutTimeline = server.Client(await server.CreateApiKeyAsync(admin, "asset.read"));
        Assert.Equal(HttpStatusCode.Forbidden, (await withoutTimeline.GetAsync("/api/timeline/buckets")).StatusCode);
    }
}
