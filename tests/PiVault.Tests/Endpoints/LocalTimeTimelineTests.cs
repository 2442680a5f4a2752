using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Server.Data;
using PiVault.Server.Features.Timeline;
using PiVault.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace PiVault.Tests.Endpoints;

/// <summary>The timeline's days and months are the wall clock where a photo was taken, as in Google Photos and Immich.</summary>
public sealed class LocalTimeTimelineTests
{
    [Fact]
    public async Task Photos_land_in_the_month_of_their_local_time_via_api_v1_and_immich()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        // New Year's Eve at 23:30 in Athens (21:30 UTC) and in New York (04:30 UTC on 1 January);
        // half an hour into 1 January in Athens is still 31 December in UTC.
        var athensEve = await ExifJpeg.UploadAndReadAsync(client, "eve1.jpg", new DateTime(2024, 12, 31, 23, 30, 0), TimeSpan.FromHours(2));
        var newYorkEve = await ExifJpeg.UploadAndReadAsync(client, "eve2.jpg", new DateTime(2024, 12, 31, 23, 30, 0), TimeSpan.FromHours(-5));
        var athensNewYear = await ExifJpeg.UploadAndReadAsync(client, "eve3.jpg", new DateTime(2025, 1, 1, 0, 30, 0), TimeSpan.FromHours(2));

        var buckets = await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets");
        Assert.Equal(["2025-01:1", "2024-12:2"], buckets.EnumerateArray().Select(b => $"{b.GetProperty("timeBucket")}:{b.GetProperty("count")}"));
        var december = await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/bucket?timeBucket=2024-12");
        // Equal wall clocks: the later instant first.
        Assert.Equal([newYorkEve, athensEve], december.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(["2024-12-31T23:30:00.000", "2024-12-31T23:30:00.000"], december.EnumerateArray().Select(a => a.GetProperty("localDateTime").GetString()));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 4, 30, 0, TimeSpan.Zero), december[0].GetProperty("takenAt").GetDateTimeOffset());
        var january = await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/bucket?timeBucket=2025-01");
        Assert.Equal([athensNewYear], january.EnumerateArray().Select(a => a.GetProperty("id").GetString()));

        using var immich = server.Client(await server.CreateApiKeyAsync(admin, "timeline.read"));
        var immichBuckets = await immich.GetFromJsonAsync<JsonElement>("/api/timeline/buckets");
        Assert.Equal(["2025-01-01:1", "2024-12-01:2"], immichBuckets.EnumerateArray().Select(b => $"{b.GetProperty("timeBucket")}:{b.GetProperty("count")}"));
        var immichDecember = await immich.GetFromJsonAsync<JsonElement>("/api/timeline/bucket?timeBucket=2024-12-01");
        Assert.Equal([newYorkEve, athensEve], immichDecember.GetProperty("id").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal([-5.0, 2.0], immichDecember.GetProperty("localOffsetHours").EnumerateArray().Select(h => h.GetDouble()));
        Assert.Equal(["timeline", "timeline"], immichDecember.GetProperty("visibility").EnumerateArray().Select(v => v.GetString()));
        var immichJanuary = await immich.GetFromJsonAsync<JsonElement>("/api/timeline/bucket?timeBucket=2025-01-01T00:00:00.000Z");
        Assert.Equal([athensNewYear], immichJanuary.GetProperty("id").EnumerateArray().Select(i => i.GetString()));

        var badView = await immich.GetAsync("/api/timeline/buckets?visibility=locked");
        Assert.Equal(HttpStatusCode.BadRequest, badView.StatusCode);
        Assert.Equal(400, (await badView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusCode").GetInt32());
        using var withoutTimeline = server.Client(await server.CreateApiKeyAsync(admin, "asset.read"));
        Assert.Equal(HttpStatusCode.Forbidden, (await withoutTimeline.GetAsync("/api/timeline/buckets")).StatusCode);
    }

    [Fact]
    public async Task Both_timeline_queries_are_answered_from_the_local_time_indexes()
    {
        await using var server = await TestServer.StartAsync();
        var database = server.Services.GetRequiredService<Database>();
        using var db = database.Open();
        var months = Plan(db, TimelineStore.BucketsSql(TimelineView.Timeline));
        // Grouped in index order: no temporary sort, no per-row date maths outside the index.
        Assert.Contains("USING INDEX assets_owner_months (owner_id=? AND is_archived=?)", months);
        Assert.DoesNotContain("TEMP B-TREE FOR GROUP BY", months);
        var tiles = Plan(db, TimelineStore.BucketSql(TimelineView.Timeline));
        Assert.Contains("USING INDEX assets_owner_local_time (owner_id=? AND local_taken_at>? AND local_taken_at<?)", tiles);
    }

    private static string Plan(Microsoft.Data.Sqlite.SqliteConnection db, string sql) => string.Join('\n', db.Query(
        "EXPLAIN QUERY PLAN " + sql, r => r.GetString(3), ("$scope", "u"), ("$start", 0L), ("$end", 1L)));
}
