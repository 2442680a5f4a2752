using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Server.Features.Assets;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

public sealed class TrashTests
{
    [Fact]
    public async Task Delete_moves_to_trash_and_restore_brings_it_back()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var (_, id, _) = await client.UploadAsync(Uploads.RandomBytes(2000, 1), "a.jpg");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/assets/{id}")).StatusCode);
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/assets")).GetProperty("total").GetInt64());
        var trash = await client.GetFromJsonAsync<JsonElement>("/api/v1/trash");
        Assert.Equal(id, trash[0].GetProperty("id").GetString());
        Assert.True(trash[0].GetProperty("isTrashed").GetBoolean());
        Assert.Single(server.LibraryFiles()); // the original stays while in the trash

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/assets/{id}/restore", null)).StatusCode);
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/assets")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/trash")).GetArrayLength());
    }

    [Fact]
    public async Task Permanent_delete_and_empty_trash_remove_row_and_original()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var first = (await client.UploadAsync(Uploads.RandomBytes(2000, 1), "a.jpg")).Id;
        var second = (await client.UploadAsync(Uploads.RandomBytes(2000, 2), "b.jpg")).Id;
        var kept = (await client.UploadAsync(Uploads.RandomBytes(2000, 3), "c.jpg")).Id;

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/assets/{first}?permanent=true")).StatusCode);
        await (await client.GetAsync($"/api/v1/assets/{first}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(2, server.LibraryFiles().Length);

        await client.DeleteAsync($"/api/v1/assets/{second}");
        var emptied = await (await client.PostAsync("/api/v1/trash/empty", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, emptied.GetProperty("count").GetInt32());
        var remaining = Assert.Single(server.LibraryFiles());
        Assert.Equal("c.jpg", Path.GetFileName(remaining));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/assets/{kept}")).StatusCode);

        // The bytes of a permanently deleted asset can be uploaded again as new.
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(Uploads.RandomBytes(2000, 1), "a.jpg")).Status);
    }

    [Fact]
    public async Task Trash_older_than_30_days_is_emptied_and_younger_trash_is_kept()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-03-01T12:00:00Z", CultureInfo.InvariantCulture));
        await using var server = await TestServer.StartAsync(time: time);
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var old = (await client.UploadAsync(Uploads.RandomBytes(2000, 1), "old.jpg")).Id;
        var young = (await client.UploadAsync(Uploads.RandomBytes(2000, 2), "young.jpg")).Id;
        await client.DeleteAsync($"/api/v1/assets/{old}");
        time.Advance(TimeSpan.FromDays(20));
        await client.DeleteAsync($"/api/v1/assets/{young}");

        var assets = (AssetService)server.Services.GetService(typeof(AssetService))!;
        time.Advance(TimeSpan.FromDays(9));
        Assert.Equal(0, assets.PurgeExpiredTrash());
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, assets.PurgeExpiredTrash());

        await (await client.GetAsync($"/api/v1/assets/{old}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(young, (await client.GetFromJsonAsync<JsonElement>("/api/v1/trash"))[0].GetProperty("id").GetString());
        Assert.Equal("young.jpg", Path.GetFileName(Assert.Single(server.LibraryFiles())));
    }

    [Fact]
    public async Task Restore_all_empties_the_trash_into_the_timeline()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        for (var i = 0; i < 3; i++)
        {
            var id = (await client.UploadAsync(Uploads.RandomBytes(500, i), $"{i}.jpg")).Id;
            await client.DeleteAsync($"/api/v1/assets/{id}");
        }
        var restored = await (await client.PostAsync("/api/v1/trash/restore", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, restored.GetProperty("count").GetInt32());
        Assert.Equal(3, (await client.GetFromJsonAsync<JsonElement>("/api/v1/assets")).GetProperty("total").GetInt64());
    }
}
