using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// The trash routes over real HTTP: statuses and bodies. What trash, restore, permanent delete and expiry do is
/// tested on the service tier (Services/AssetLifecycleTests).
/// </summary>
public sealed class TrashTests
{
    [Fact]
    public async Task Trash_routes_answer_with_their_statuses_and_bodies()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.UploadAsync(Uploads.RandomBytes(500, i), $"{i}.jpg")).Id);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/assets/{ids[i]}")).StatusCode);
        }

        var trash = await client.GetFromJsonAsync<JsonElement>("/api/v1/trash");
        Assert.Equal(3, trash.GetArrayLength());
        Assert.True(trash[0].GetProperty("isTrashed").GetBoolean());
        Assert.Equal(JsonValueKind.String, trash[0].GetProperty("deletedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/assets/{ids[0]}/restore", null)).StatusCode);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/assets")).GetProperty("total").GetInt64());

        var restored = await (await client.PostAsync("/api/v1/trash/restore", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, restored.GetProperty("count").GetInt32());
        await client.DeleteAsync($"/api/v1/assets/{ids[1]}");
        var emptied = await (await client.PostAsync("/api/v1/trash/empty", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, emptied.GetProperty("count").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/assets/{ids[2]}?permanent=true")).StatusCode);
        await (await client.GetAsync($"/api/v1/assets/{ids[2]}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(["0.jpg"], server.LibraryFiles().Select(Path.GetFileName));
    }
}
