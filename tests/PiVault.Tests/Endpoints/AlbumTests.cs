using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// The album routes over real HTTP: statuses, bodies and problem responses. The rules (roles, membership, cover,
/// counts, what members may see) are tested on the service tier, in Services/AlbumRulesTests and AssetAccessTests.
/// </summary>
public sealed class AlbumTests
{
    [Fact]
    public async Task Album_routes_answer_with_their_statuses_and_bodies()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var a = await TimelineTests.Upload(client, 1, "2024-05-01T10:00:00Z");
        var b = await TimelineTests.Upload(client, 2, "2024-05-02T10:00:00Z");

        var album = await Create(client, "Holiday", a);
        var id = album.GetProperty("id").GetString();
        Assert.Equal(("Holiday", 1, a, true, "owner", 0), (album.GetProperty("name").GetString(), album.GetProperty("assetCount").GetInt32(),
            album.GetProperty("coverAssetId").GetString(), album.GetProperty("isOwner").GetBoolean(), album.GetProperty("role").GetString(),
            album.GetProperty("members").GetArrayLength()));
        var added = await (await client.PutAsJsonAsync($"/api/v1/albums/{id}/assets", new { ids = new[] { a, b } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 2), (added.GetProperty("changed").GetInt32(), added.GetProperty("assetCount").GetInt32()));
        var renamed = await (await client.PatchAsJsonAsync($"/api/v1/albums/{id}", new { name = "Summer", coverAssetId = b })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Summer", b), (renamed.GetProperty("name").GetString(), renamed.GetProperty("coverAssetId").GetString()));
        await (await client.PatchAsJsonAsync($"/api/v1/albums/{id}", new { name = " " })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await client.PutAsJsonAsync($"/api/v1/albums/{id}/users", new { userIds = new[] { admin.UserId } })).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>($"/api/v1/timeline/bucket?timeBucket=2024-05&albumId={id}")).GetArrayLength());
        Assert.Equal(id, (await client.GetFromJsonAsync<JsonElement>("/api/v1/albums"))[0].GetProperty("id").GetString());
        using var remove = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/albums/{id}/assets") { Content = JsonContent.Create(new { ids = new[] { a } }) };
        Assert.Equal(1, (await (await client.SendAsync(remove)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assetCount").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/albums/{id}")).StatusCode);
        Assert.Equal("Album not found.", await (await client.GetAsync($"/api/v1/albums/{id}")).AssertProblemAsync(HttpStatusCode.NotFound));
    }

    public static async Task<JsonElement> Create(HttpClient client, string name, params string[] assetIds)
    {
        var response = await client.PostAsJsonAsync("/api/v1/albums", new { name, assetIds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
