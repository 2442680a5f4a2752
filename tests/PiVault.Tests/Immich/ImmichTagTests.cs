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
}
