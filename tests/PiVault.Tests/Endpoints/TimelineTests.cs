using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

public sealed class TimelineTests
{
    [Fact]
    public async Task Buckets_count_by_month_and_a_bucket_lists_its_assets_newest_first()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var may1 = await Upload(client, 1, "2024-05-01T10:00:00Z");
        var may20 = await Upload(client, 2, "2024-05-20T10:00:00Z");
        var june = await Upload(client, 3, "2024-06-02T10:00:00Z");

        var buckets = await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets");
        Assert.Equal(["2024-06:1", "2024-05:2"], buckets.EnumerateArray().Select(b => $"{b.GetProperty("timeBucket")}:{b.GetProperty("count")}"));
        var bucket = await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/bucket?timeBucket=2024-05");
        Assert.Equal([may20, may1], bucket.EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(june, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/bucket?timeBucket=2024-06-01"))[0].GetProperty("id").GetString());
        await (await client.GetAsync("/api/v1/timeline/bucket?timeBucket=May")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Favorite_and_archive_flags_move_assets_between_views_and_only_the_owner_can_set_them()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var other = await server.CreateUserAsync(admin, "other@example.com");
        using var client = server.Client(admin);
        var id = await Upload(client, 1, "2024-05-01T10:00:00Z");

        var flags = await (await client.PutAsJsonAsync($"/api/v1/assets/{id}", new { isFavorite = true, isArchived = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(flags.GetProperty("isFavorite").GetBoolean());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets")).GetArrayLength());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets?view=archive")).GetArrayLength());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets?view=favorites")).GetArrayLength());
        Assert.True((await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}")).GetProperty("isFavorite").GetBoolean());

        using var intruder = server.Client(other);
        await (await intruder.PutAsJsonAsync($"/api/v1/assets/{id}", new { isFavorite = false })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await (await intruder.PutAsJsonAsync("/api/v1/assets", new { ids = new[] { id }, isArchived = false })).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(0, (await intruder.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets?view=archive")).GetArrayLength());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets?view=archive")).GetArrayLength());
    }

    public static async Task<string> Upload(HttpClient client, int seed, string takenAt)
    {
        var (status, id, _) = await client.UploadAsync(Uploads.RandomBytes(2000, seed), $"img{seed}.jpg",
            new Dictionary<string, string> { ["fileCreatedAt"] = takenAt });
        Assert.Equal(HttpStatusCode.Created, status);
        return id;
    }
}
