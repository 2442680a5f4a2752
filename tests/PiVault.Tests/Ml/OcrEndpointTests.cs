using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Immich;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Ml;

/// <summary>
/// The text of a photo over real HTTP on 127.0.0.1: PiVault's and Immich's <c>GET …/assets/{id}/ocr</c> (checked against
/// @immich/sdk 3.2.2's AssetOcrResponseDto), Immich's <c>ocr</c> search filter, and who may read it.
/// </summary>
public sealed class OcrEndpointTests
{
    [Fact]
    public async Task The_lines_of_an_uploaded_photo_in_both_apis_and_in_search_for_its_owner_only()
    {
        await using var server = await TestServer.StartAsync();
        MlTestModels.InstallOcr(server.Options.ModelsRoot); // opt in: the fixture leaves the bundled models out
        var admin = await server.BootstrapAdminAsync();
        var other = await server.CreateUserAsync(admin, "other@example.com");
        using var owner = server.Client(admin);
        using var stranger = server.Client(other);
        var picture = new OcrPictures(900, 500, 245);
        picture.Write("Bakery Opening Hours", "DejaVu Sans Bold 34", 50, 200, 30);
        var (status, id, _) = await owner.UploadAsync(picture.Jpeg(), "bakery.jpg");
        Assert.Equal(HttpStatusCode.Created, status);
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(owner, TimeSpan.FromMinutes(2));

        var immich = await owner.GetAsync($"/api/assets/{id}/ocr", "AssetOcrResponseDto[]");
        var line = Assert.Single(immich.EnumerateArray());
        Assert.Equal("Bakery Opening Hours", line.GetProperty("text").GetString());
        Assert.Equal(id, line.GetProperty("assetId").GetString());
        Assert.True(Guid.TryParse(line.GetProperty("id").GetString(), out _));
        Assert.InRange(line.GetProperty("x1").GetDouble(), 0.0, 0.1);
        Assert.InRange(line.GetProperty("y3").GetDouble(), 0.45, 0.6);
        Assert.InRange(line.GetProperty("textScore").GetDouble(), 0.8, 1.0);
        var own = await owner.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}/ocr");
        Assert.Equal(immich.ToString(), own.ToString());

        var found = await owner.CallAsync(HttpMethod.Post, "/api/search/metadata", new { ocr = "opening hour" }, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal([id], found.GetProperty("assets").GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        var none = await owner.CallAsync(HttpMethod.Post, "/api/search/metadata", new { ocr = "closing" }, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal(0, none.GetProperty("assets").GetProperty("total").GetInt32());

        await (await stranger.GetAsync($"/api/assets/{id}/ocr")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"/api/v1/assets/{id}/ocr")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.GetAsync("/api/assets/not-an-id/ocr")).AssertImmichErrorAsync(HttpStatusCode.BadRequest);
        var foreign = await stranger.CallAsync(HttpMethod.Post, "/api/search/metadata", new { ocr = "bakery" }, HttpStatusCode.OK, "SearchResponseDto");
        Assert.Equal(0, foreign.GetProperty("assets").GetProperty("total").GetInt32());
    }
}
