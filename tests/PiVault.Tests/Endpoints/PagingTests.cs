using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// Paging past the end is an empty page in both APIs. In 32 bits, page 2147483647 × 100 wrapped round to offset -200,
/// which SQLite reads as 0: the last possible page served the first one again.
/// </summary>
public sealed class PagingTests : ServerWithAdmin
{
    [Theory]
    [InlineData("")]
    [InlineData("&size=100")]
    [InlineData("&size=1000")]
    [InlineData("&size=1")]
    public async Task The_last_possible_page_of_the_timeline_is_empty(string size)
    {
        using var client = Server.Client(Admin);
        await client.UploadAsync(Uploads.RandomBytes(4000, 1), "a.jpg");
        await client.UploadAsync(Uploads.RandomBytes(4000, 2), "b.jpg");

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets?page={int.MaxValue}{size}");
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page.GetProperty("total").GetInt64());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextPage").ValueKind);
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/v1/assets?page=1")).GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(250)]
    [InlineData(1000)]
    public async Task The_last_possible_page_of_immich_metadata_search_is_empty(int? size)
    {
        using var client = Server.Client(Admin);
        await client.UploadAsync(Uploads.RandomBytes(4000, 3), "c.jpg");

        var response = await client.PostAsJsonAsync("/api/search/metadata", new { page = int.MaxValue, size });
        var assets = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assets");
        Assert.Equal(0, assets.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, assets.GetProperty("nextPage").ValueKind);
        var first = (await (await client.PostAsJsonAsync("/api/search/metadata", new { page = 1 })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assets");
        Assert.Equal(1, first.GetProperty("items").GetArrayLength());
    }
}
