using System.Net;
using System.Text.Json;
using PiVault.Tests.Duplicates;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// Immich's duplicates API over real HTTP with the real pipeline (libvips thumbnails, the perceptual hash), every answer
/// checked against @immich/sdk 3.2.2's types: a photo and its recompressed copy form a group, which resolves by trashing.
/// </summary>
public sealed class ImmichDuplicateTests : ServerWithAdmin
{
    private const string Photo = "exif-samples/jpg/gps/DSCN0012.jpg";

    [Fact]
    public async Task A_copy_is_listed_with_its_original_and_resolving_trashes_it()
    {
        using var client = Server.Client(Admin);
        var path = Uploads.CorpusFile(Photo);
        var (_, original, _) = await client.UploadAsync(File.ReadAllBytes(path), "DSCN0012.jpg");
        var (_, copy, _) = await client.UploadAsync(PhotoVariants.Of(path)["jpeg-q30"], "copy.jpg");

        var group = await SingleGroupAsync(client);
        var id = group.GetProperty("duplicateId").GetString()!;
        Assert.Equal(new[] { original, copy }.Order(StringComparer.Ordinal),
            group.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(group.GetProperty("assets").EnumerateArray(), a => Assert.Equal(id, a.GetProperty("duplicateId").GetString()));
        // Same resolution; the original has the camera's metadata, the Q30 copy none.
        Assert.Equal([original], group.GetProperty("suggestedKeepAssetIds").EnumerateArray().Select(a => a.GetString()!));

        var unknown = Guid.NewGuid().ToString();
        var results = await client.CallAsync(HttpMethod.Post, "/api/duplicates/resolve", new
        {
            groups = new[]
            {
                new { duplicateId = id, keepAssetIds = new[] { original }, trashAssetIds = new[] { copy } },
                new { duplicateId = unknown, keepAssetIds = new[] { original }, trashAssetIds = Array.Empty<string>() },
            },
        }, HttpStatusCode.OK, "BulkIdResponseDto[]");

        Assert.Equal([(id, true, null), (unknown, false, "not_found")], results.EnumerateArray().Select(r =>
            (r.GetProperty("id").GetString(), r.GetProperty("success").GetBoolean(), r.TryGetProperty("error", out var e) ? e.GetString() : null)));
        Assert.True((await client.GetAsync($"/api/assets/{copy}", "AssetResponseDto")).GetProperty("isTrashed").GetBoolean());
        Assert.False((await client.GetAsync($"/api/assets/{original}", "AssetResponseDto")).GetProperty("isTrashed").GetBoolean());
        Assert.Equal(0, (await client.GetAsync("/api/duplicates", "DuplicateResponseDto[]")).GetArrayLength());
    }

    [Fact]
    public async Task Dismissing_removes_the_group_and_another_person_cannot()
    {
        using var client = Server.Client(Admin);
        var path = Uploads.CorpusFile(Photo);
        await client.UploadAsync(File.ReadAllBytes(path), "DSCN0012.jpg");
        await client.UploadAsync(PhotoVariants.Of(path)["png"], "copy.png");
        var id = (await SingleGroupAsync(client)).GetProperty("duplicateId").GetString()!;

        using var other = Server.Client(await Server.CreateUserAsync(Admin, "other@example.com"));
        await (await other.DeleteAsync($"/api/duplicates/{id}")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(1, (await client.GetAsync("/api/duplicates", "DuplicateResponseDto[]")).GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/duplicates/{id}")).StatusCode);
        Assert.Equal(0, (await client.GetAsync("/api/duplicates", "DuplicateResponseDto[]")).GetArrayLength());
    }

    /// <summary>The group once the uploads have been through metadata, thumbnails and the duplicate search.</summary>
    private static async Task<JsonElement> SingleGroupAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var groups = await client.GetAsync("/api/duplicates", "DuplicateResponseDto[]");
            if (groups.GetArrayLength() == 1)
            {
                return groups[0];
            }
            Assert.True(DateTime.UtcNow < deadline, "no duplicate group within 60 s");
            await Task.Delay(100);
        }
    }
}
