using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// The timeline and flag routes over real HTTP: query parameters, bodies and problem responses. Bucketing, the
/// local-time rule, the views and who may set flags are tested on the service tier (Services/TimelineRulesTests).
/// </summary>
public sealed class TimelineTests
{
    [Fact]
    public async Task Timeline_and_flag_routes_answer_with_their_bodies_and_refuse_bad_parameters()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var may1 = await Upload(client, 1, "2024-05-01T10:00:00Z");
        var may20 = await Upload(client, 2, "2024-05-20T10:00:00Z");

        var buckets = await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets");
        Assert.Equal(("2024-05", 2), (buckets[0].GetProperty("timeBucket").GetString(), buckets[0].GetProperty("count").GetInt32()));
        var tile = (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/bucket?timeBucket=2024-05"))[0];
        Assert.Equal((may20, "image", "2024-05-20T10:00:00.000", false), (tile.GetProperty("id").GetString(), tile.GetProperty("type").GetString(),
            tile.GetProperty("localDateTime").GetString(), tile.GetProperty("isFavorite").GetBoolean()));
        await (await client.GetAsync("/api/v1/timeline/bucket?timeBucket=May")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/v1/timeline/buckets?view=nonsense")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.GetAsync("/api/v1/timeline/buckets?view=locked")).AssertProblemAsync(HttpStatusCode.Forbidden); // the locked folder needs an unlocked session

        var flags = await (await client.PutAsJsonAsync($"/api/v1/assets/{may1}", new { isFavorite = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((may1, true, false), (flags.GetProperty("id").GetString(), flags.GetProperty("isFavorite").GetBoolean(), flags.GetProperty("isArchived").GetBoolean()));
        var bulk = await (await client.PutAsJsonAsync("/api/v1/assets", new { ids = new[] { may1, may20 }, isArchived = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(new[] { may1, may20 }.Order(), bulk.EnumerateArray().Select(f => f.GetProperty("id").GetString()).Order());
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets?view=archive"))[0].GetProperty("count").GetInt32());
        Assert.True((await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{may1}")).GetProperty("isFavorite").GetBoolean());
    }

    public static async Task<string> Upload(HttpClient client, int seed, string takenAt)
    {
        var (status, id, _) = await client.UploadAsync(Uploads.RandomBytes(2000, seed), $"img{seed}.jpg",
            new Dictionary<string, string> { ["fileCreatedAt"] = takenAt });
        Assert.Equal(HttpStatusCode.Created, status);
        return id;
    }
}
