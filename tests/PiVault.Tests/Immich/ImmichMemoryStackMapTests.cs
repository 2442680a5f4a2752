using System.Net;
using System.Net.Http.Json;
using PiVault.Server.Features.Map;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// Immich's memories, stacks and map APIs over real HTTP, every answer and sync line checked against @immich/sdk 3.2.2's
/// types (MemoryResponseDto, StackResponseDto, AssetResponseDto.stack, MapMarkerResponseDto, ServerConfigDto's style URLs).
/// </summary>
public sealed class ImmichMemoryStackMapTests : ServerWithAdmin
{
    [Fact]
    public async Task Memories_and_stacks_round_trip_in_immichs_shapes_and_reach_the_sync_stream()
    {
        using var client = Server.Client(Admin);
        var first = (await client.UploadAsync(Uploads.RandomBytes(3000, 1), "one.jpg")).Id;
        var second = (await client.UploadAsync(Uploads.RandomBytes(3000, 2), "two.jpg")).Id;

        var memory = await client.CallAsync(HttpMethod.Post, "/api/memories",
            new { type = "on_this_day", data = new { year = 2020 }, memoryAt = "2020-06-01T00:00:00.000Z", assetIds = new[] { first } }, HttpStatusCode.Created, "MemoryResponseDto");
        var memoryId = memory.GetProperty("id").GetString()!;
        Assert.Equal(first, Assert.Single(memory.GetProperty("assets").EnumerateArray()).GetProperty("id").GetString());
        await client.CallAsync(HttpMethod.Put, $"/api/memories/{memoryId}/assets", new { ids = new[] { second } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        var saved = await client.CallAsync(HttpMethod.Put, $"/api/memories/{memoryId}", new { isSaved = true }, HttpStatusCode.OK, "MemoryResponseDto");
        Assert.Equal(2, saved.GetProperty("assets").GetArrayLength());
        Assert.Single((await client.GetAsync("/api/memories", "MemoryResponseDto[]")).EnumerateArray());
        Assert.Equal(1, (await client.GetAsync("/api/memories/statistics", "MemoryStatisticsResponseDto")).GetProperty("total").GetInt32());

        var stack = await client.CallAsync(HttpMethod.Post, "/api/stacks", new { assetIds = new[] { first, second } }, HttpStatusCode.Created, "StackResponseDto");
        var stackId = stack.GetProperty("id").GetString()!;
        Assert.Equal(first, stack.GetProperty("primaryAssetId").GetString());
        var asset = await client.GetAsync($"/api/assets/{second}", "AssetResponseDto");
        Assert.Equal((2, stackId, first), (asset.GetProperty("stack").GetProperty("assetCount").GetInt32(), asset.GetProperty("stack").GetProperty("id").GetString(),
            asset.GetProperty("stack").GetProperty("primaryAssetId").GetString()));
        Assert.Equal(second, (await client.CallAsync(HttpMethod.Put, $"/api/stacks/{stackId}", new { primaryAssetId = second }, HttpStatusCode.OK, "StackResponseDto"))
            .GetProperty("primaryAssetId").GetString());
        Assert.Single((await client.GetAsync($"/api/stacks?primaryAssetId={second}", "StackResponseDto[]")).EnumerateArray());

        var lines = await client.SyncAsync("AssetsV1", "StacksV1", "MemoriesV1", "MemoryToAssetsV1"); // each line checked against its Sync* type
        Assert.Equal(["StackV1", "MemoryV1", "MemoryToAssetV1", "MemoryToAssetV1"], lines.Select(l => l.Type).Where(t => t is not ("AssetV1" or "SyncCompleteV1")));
        Assert.All(lines.Where(l => l.Type == "AssetV1"), l => Assert.Equal(stackId, l.Data.GetProperty("stackId").GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/stacks/{stackId}/assets/{first}")).StatusCode); // one left: the stack ends
        Assert.Equal("Stack not found.", await (await client.GetAsync($"/api/stacks/{stackId}")).AssertImmichErrorAsync(HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/memories/{memoryId}")).StatusCode);
        Assert.Equal(["StackDeleteV1", "MemoryDeleteV1", "MemoryToAssetDeleteV1", "MemoryToAssetDeleteV1"],
            (await client.SyncAsync("StacksV1", "MemoriesV1", "MemoryToAssetsV1")).Select(l => l.Type).SkipLast(1).Where(t => t.EndsWith("DeleteV1", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Map_markers_reverse_geocoding_and_style_urls_answer_in_immichs_shapes()
    {
        using var client = Server.Client(Admin);
        var gps = (await client.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg")), "DSCN0012.jpg")).Id;
        await client.UploadAsync(Uploads.RandomBytes(3000, 3), "nowhere.jpg");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        System.Text.Json.JsonElement markers;
        while ((markers = await client.GetAsync("/api/map/markers?withSharedAlbums=true&isArchived=true", "MapMarkerResponseDto[]")).GetArrayLength() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the metadata step did not place the photo");
            await Task.Delay(100);
        }
        var marker = Assert.Single(markers.EnumerateArray());
        Assert.Equal(gps, marker.GetProperty("id").GetString());
        Assert.InRange(marker.GetProperty("lat").GetDouble(), 43, 44); // DSCN0012.jpg was taken near Tuscany's coast
        await client.GetAsync("/api/map/reverse-geocode?lat=43.46&lon=11.88", "MapReverseGeocodeResponseDto[]");
        Assert.Contains("lat", await (await client.GetAsync("/api/map/reverse-geocode?lat=95&lon=0")).AssertImmichErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);

        var config = await client.GetAsync("/api/server/config", "ServerConfigDto");
        Assert.Equal((MapService.DefaultLightStyle, MapService.DefaultDarkStyle), (config.GetProperty("mapLightStyleUrl").GetString(), config.GetProperty("mapDarkStyleUrl").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/v1/map/styles", new { lightStyleUrl = "https://maps.example.org/light.json" })).StatusCode);
        Assert.Equal("https://maps.example.org/light.json", (await client.GetAsync("/api/server/config", "ServerConfigDto")).GetProperty("mapLightStyleUrl").GetString());
    }
}
