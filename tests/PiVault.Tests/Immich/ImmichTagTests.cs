using System.Net;
using System.Net.Http.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// Immich's tags API over real HTTP, every answer checked against @immich/sdk 3.2.2's types (TagResponseDto,
/// TagBulkAssetsResponseDto, BulkIdResponseDto, AssetResponseDto.tags), with Immich's error shape for bad input.
/// </summary>
public sealed class ImmichTagTests : ServerWithAdmin
{
    [Fact]
    public async Task Tags_round_trip_in_immichs_shapes_and_show_on_the_asset()
    {
        using var client = Server.Client(Admin);
        var first = (await client.UploadAsync(Uploads.RandomBytes(3000, 1), "one.jpg")).Id;
        var second = (await client.UploadAsync(Uploads.RandomBytes(3000, 2), "two.jpg")).Id;

        var upserted = await client.CallAsync(HttpMethod.Put, "/api/tags", new { tags = new[] { "Trips/Alps" } }, HttpStatusCode.OK, "TagResponseDto[]");
        var alps = Assert.Single(upserted.EnumerateArray());
        Assert.Equal(("Trips/Alps", "Alps"), (alps.GetProperty("value").GetString(), alps.GetProperty("name").GetString()));
        var all = await client.GetAsync("/api/tags", "TagResponseDto[]");
        Assert.Equal(["Trips", "Trips/Alps"], all.EnumerateArray().Select(t => t.GetProperty("value").GetString()));
        var trips = all[0].GetProperty("id").GetString()!;
        Assert.False(all[0].TryGetProperty("parentId", out _));
        Assert.Equal(trips, alps.GetProperty("parentId").GetString());

        var created = await client.CallAsync(HttpMethod.Post, "/api/tags", new { name = "Dolomites", parentId = trips, color = "#336699" }, HttpStatusCode.Created, "TagResponseDto");
        var dolomites = created.GetProperty("id").GetString()!;
        Assert.Equal(("Trips/Dolomites", "#336699"), (created.GetProperty("value").GetString(), created.GetProperty("color").GetString()));
        Assert.Contains("colour", await (await client.PostAsJsonAsync("/api/tags", new { name = "Bad", color = "blue" })).AssertImmichErrorAsync(HttpStatusCode.BadRequest),
            StringComparison.Ordinal);
        var renamed = await client.CallAsync(HttpMethod.Put, $"/api/tags/{dolomites}", new { name = "Dolomiti" }, HttpStatusCode.OK, "TagResponseDto");
        Assert.Equal("Trips/Dolomiti", renamed.GetProperty("value").GetString());
        Assert.Equal("Trips/Dolomiti", (await client.GetAsync($"/api/tags/{dolomites}", "TagResponseDto")).GetProperty("value").GetString());

        var outcome = await client.CallAsync(HttpMethod.Put, $"/api/tags/{dolomites}/assets", new { ids = new[] { first, first } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        Assert.True(Assert.Single(outcome.EnumerateArray()).GetProperty("success").GetBoolean());
        var bulk = await client.CallAsync(HttpMethod.Put, "/api/tags/assets", new { tagIds = new[] { trips }, assetIds = new[] { first, second } }, HttpStatusCode.OK,
            "TagBulkAssetsResponseDto");
        Assert.Equal(2, bulk.GetProperty("count").GetInt32());
        var asset = await client.GetAsync($"/api/assets/{first}", "AssetResponseDto");
        Assert.Equal(["Trips", "Trips/Dolomiti"], asset.GetProperty("tags").EnumerateArray().Select(t => t.GetProperty("value").GetString()));

        var untagged = await client.CallAsync(HttpMethod.Delete, $"/api/tags/{trips}/assets", new { ids = new[] { second } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        Assert.True(Assert.Single(untagged.EnumerateArray()).GetProperty("success").GetBoolean());
        Assert.Empty((await client.GetAsync($"/api/assets/{second}", "AssetResponseDto")).GetProperty("tags").EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/tags/{trips}")).StatusCode); // the children go with it
        Assert.Empty((await client.GetAsync("/api/tags", "TagResponseDto[]")).EnumerateArray());
        Assert.Equal("Tag not found.", await (await client.GetAsync($"/api/tags/{dolomites}")).AssertImmichErrorAsync(HttpStatusCode.NotFound));
        Assert.Empty((await client.GetAsync($"/api/assets/{first}", "AssetResponseDto")).GetProperty("tags").EnumerateArray());
    }

    [Fact]
    public async Task TagIds_in_search_and_tagId_in_the_timeline_filter_by_the_tag_and_its_children_in_both_apis()
    {
        using var client = Server.Client(Admin);
        var alps = (await client.UploadAsync(Uploads.RandomBytes(3000, 11), "alps.jpg")).Id;
        var trip = (await client.UploadAsync(Uploads.RandomBytes(3000, 12), "trip.jpg")).Id;
        var other = (await client.UploadAsync(Uploads.RandomBytes(3000, 13), "other.jpg")).Id;
        var tags = (await client.CallAsync(HttpMethod.Put, "/api/tags", new { tags = new[] { "Trips/Alps", "Trips" } }, HttpStatusCode.OK, "TagResponseDto[]"))
            .EnumerateArray().ToDictionary(t => t.GetProperty("value").GetString()!, t => t.GetProperty("id").GetString()!);
        await client.CallAsync(HttpMethod.Put, "/api/tags/assets", new { tagIds = new[] { tags["Trips/Alps"] }, assetIds = new[] { alps } }, HttpStatusCode.OK, "TagBulkAssetsResponseDto");
        await client.CallAsync(HttpMethod.Put, "/api/tags/assets", new { tagIds = new[] { tags["Trips"] }, assetIds = new[] { trip } }, HttpStatusCode.OK, "TagBulkAssetsResponseDto");

        // Immich: POST search/metadata and search/smart's shared filter, timeline/buckets and timeline/bucket.
        var request = new { tagIds = new[] { tags["Trips"] } };
        ImmichSchema.Instance.AssertValid(System.Text.Json.JsonSerializer.SerializeToElement(request, System.Text.Json.JsonSerializerOptions.Web), "MetadataSearchDto");
        var found = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", request, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal(new[] { alps, trip }.Order(), found.GetProperty("assets").GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Order());
        var onlyAlps = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { tagIds = new[] { tags["Trips/Alps"] } }, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal([alps], onlyAlps.GetProperty("assets").GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        await (await client.PostAsJsonAsync("/api/search/metadata", new { tagIds = new[] { "Trips" } })).AssertImmichErrorAsync(HttpStatusCode.BadRequest);

        var buckets = await client.GetAsync($"/api/timeline/buckets?tagId={tags["Trips"]}", "TimeBucketsResponseDto[]");
        var bucket = Assert.Single(buckets.EnumerateArray());
        Assert.Equal(2, bucket.GetProperty("count").GetInt32());
        var tiles = await client.GetAsync($"/api/timeline/bucket?timeBucket={bucket.GetProperty("timeBucket").GetString()}&tagId={tags["Trips/Alps"]}", "TimeBucketAssetResponseDto");
        Assert.Equal([alps], tiles.GetProperty("id").EnumerateArray().Select(i => i.GetString()));
        using var stranger = Server.Client(await Server.CreateUserAsync(Admin, "stranger@example.com"));
        await (await stranger.GetAsync($"/api/timeline/buckets?tagId={tags["Trips"]}")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        Assert.Empty((await stranger.CallAsync(HttpMethod.Post, "/api/search/metadata", request, HttpStatusCode.OK, "SearchResponseDto"))
            .GetProperty("assets").GetProperty("items").EnumerateArray());

        // PiVault: the timeline's tagId, the text search's tagIds (a tag alone is enough) and the tag list's counts.
        var v1Buckets = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/timeline/buckets?tagId={tags["Trips"]}");
        Assert.Equal(2, Assert.Single(v1Buckets.EnumerateArray()).GetProperty("count").GetInt32());
        var v1Tiles = await client.GetFromJsonAsync<System.Text.Json.JsonElement>(
            $"/api/v1/timeline/bucket?timeBucket={v1Buckets[0].GetProperty("timeBucket").GetString()}&tagId={tags["Trips"]}");
        Assert.Equal(new[] { alps, trip }.Order(), v1Tiles.EnumerateArray().Select(t => t.GetProperty("id").GetString()).Order());
        var text = await client.PostAsJsonAsync("/api/v1/search/text", new { tagIds = new[] { tags["Trips/Alps"] } });
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal([alps], (await text.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/timeline/buckets?tagId={tags["Trips"]}")).StatusCode);
        var list = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/tags");
        Assert.Equal([("Trips", 2), ("Trips/Alps", 1)], list.EnumerateArray().Select(t => (t.GetProperty("value").GetString(), t.GetProperty("assetCount").GetInt32())));
        Assert.DoesNotContain(other, v1Tiles.EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }
}
