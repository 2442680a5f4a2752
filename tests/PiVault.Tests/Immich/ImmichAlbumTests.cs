using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>Immich's album endpoints and the album search filter, every answer checked against the 3.2.2 schema.</summary>
public sealed class ImmichAlbumTests : ServerWithAdmin
{
    [Fact]
    public async Task Albums_are_listed_created_read_and_filled_with_a_result_per_asset()
    {
        using var client = Server.Client(Admin);
        var first = await UploadAsync(client, 1);
        var second = await UploadAsync(client, 2);
        Assert.Equal(0, (await client.GetAsync("/api/albums", "AlbumResponseDto[]")).GetArrayLength());

        var created = await client.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Trip", assetIds = new[] { first } }, HttpStatusCode.Created, "AlbumResponseDto");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(("Trip", 1, first), (created.GetProperty("albumName").GetString(), created.GetProperty("assetCount").GetInt32(),
            created.GetProperty("albumThumbnailAssetId").GetString()));
        var owner = Assert.Single(created.GetProperty("albumUsers").EnumerateArray());
        Assert.Equal(("owner", TestServer.AdminEmail), (owner.GetProperty("role").GetString(), owner.GetProperty("user").GetProperty("email").GetString()));
        Assert.False(created.GetProperty("shared").GetBoolean());

        var unknown = Guid.NewGuid().ToString();
        var added = await client.CallAsync(HttpMethod.Put, $"/api/albums/{id}/assets", new { ids = new[] { first, second, unknown } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        Assert.Equal([(first, false, "duplicate"), (second, true, null), (unknown, false, "no_permission")], Results(added));

        var album = await client.GetAsync($"/api/albums/{id}", "AlbumResponseDto");
        Assert.Equal(2, album.GetProperty("assetCount").GetInt32());
        Assert.True(album.TryGetProperty("startDate", out _));
        var listed = Assert.Single((await client.GetAsync("/api/albums", "AlbumResponseDto[]")).EnumerateArray());
        Assert.Equal(("Trip", id), (listed.GetProperty("albumName").GetString(), listed.GetProperty("id").GetString()));
        Assert.Equal(0, (await client.GetAsync("/api/albums?shared=true", "AlbumResponseDto[]")).GetArrayLength());

        var removed = await client.CallAsync(HttpMethod.Delete, $"/api/albums/{id}/assets", new { ids = new[] { second, unknown } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        Assert.Equal([(second, true, null), (unknown, false, "not_found")], Results(removed));
        Assert.Equal(1, (await client.GetAsync($"/api/albums/{id}", "AlbumResponseDto")).GetProperty("assetCount").GetInt32());

        // Someone else's album does not exist for another household member.
        var other = await Server.CreateUserAsync(Admin, "other@example.com");
        using var otherClient = Server.Client(other);
        await (await otherClient.GetAsync($"/api/albums/{id}")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        var intruder = await otherClient.PutAsJsonAsync($"/api/albums/{id}/assets", new { ids = new[] { first } });
        await intruder.AssertImmichErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_member_sees_a_shared_album_with_its_owner_and_members_and_a_stranger_does_not()
    {
        using var owner = Server.Client(Admin);
        var photo = await UploadAsync(owner, 1);
        var id = (await owner.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Family", assetIds = new[] { photo } }, HttpStatusCode.Created,
            "AlbumResponseDto")).GetProperty("id").GetString()!;
        var member = await Server.CreateUserAsync(Admin, "member@example.com");
        var stranger = await Server.CreateUserAsync(Admin, "stranger@example.com");
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/albums/{id}/users", new { userIds = new[] { member.UserId }, role = "editor" })).StatusCode);
        using var memberClient = Server.Client(member);
        await memberClient.CallAsync(HttpMethod.Put, "/api/users/me/preferences", new { avatar = new { color = "amber" } }, HttpStatusCode.OK,
            "UserPreferencesResponseDto");

        var listed = Assert.Single((await memberClient.GetAsync("/api/albums?shared=true", "AlbumResponseDto[]")).EnumerateArray());
        Assert.Equal(0, (await memberClient.GetAsync("/api/albums?shared=false", "AlbumResponseDto[]")).GetArrayLength());
        var album = await memberClient.GetAsync($"/api/albums/{id}", "AlbumResponseDto");
        foreach (var seen in new[] { listed, album })
        {
            Assert.Equal((id, true, 1, photo), (seen.GetProperty("id").GetString(), seen.GetProperty("shared").GetBoolean(),
                seen.GetProperty("assetCount").GetInt32(), seen.GetProperty("albumThumbnailAssetId").GetString()));
            Assert.Equal([("owner", Admin.UserId, TestServer.AdminEmail), ("editor", member.UserId, "member@example.com")],
                seen.GetProperty("albumUsers").EnumerateArray().Select(u => (u.GetProperty("role").GetString(), u.GetProperty("user").GetProperty("id").GetString(),
                    u.GetProperty("user").GetProperty("email").GetString())));
            Assert.Equal("amber", seen.GetProperty("albumUsers")[1].GetProperty("user").GetProperty("avatarColor").GetString());
        }
        Assert.True((await owner.GetAsync($"/api/albums/{id}", "AlbumResponseDto")).GetProperty("shared").GetBoolean());

        using var strangerClient = Server.Client(stranger);
        Assert.Equal(0, (await strangerClient.GetAsync("/api/albums?shared=true", "AlbumResponseDto[]")).GetArrayLength());
        await (await strangerClient.GetAsync($"/api/albums/{id}")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Album_asset_changes_need_their_own_key_permissions()
    {
        using var session = Server.Client(Admin);
        var asset = await UploadAsync(session, 3);
        var album = (await session.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Keys" }, HttpStatusCode.Created, "AlbumResponseDto")).GetProperty("id").GetString();

        using var readOnly = Server.Client(await Server.CreateApiKeyAsync(Admin, "album.read", "album.update"));
        await (await readOnly.PutAsJsonAsync($"/api/albums/{album}/assets", new { ids = new[] { asset } })).AssertImmichErrorAsync(HttpStatusCode.Forbidden);
        await (await readOnly.PostAsJsonAsync("/api/albums", new { albumName = "No" })).AssertImmichErrorAsync(HttpStatusCode.Forbidden);

        using var adder = Server.Client(await Server.CreateApiKeyAsync(Admin, "albumAsset.create", "albumAsset.delete"));
        var added = await adder.CallAsync(HttpMethod.Put, $"/api/albums/{album}/assets", new { ids = new[] { asset } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        Assert.Equal([(asset, true, null)], Results(added));
        await (await adder.GetAsync("/api/albums")).AssertImmichErrorAsync(HttpStatusCode.Forbidden);
        var removed = await adder.CallAsync(HttpMethod.Delete, $"/api/albums/{album}/assets", new { ids = new[] { asset } }, HttpStatusCode.OK, "BulkIdResponseDto[]");
        Assert.Equal([(asset, true, null)], Results(removed));
    }

    [Fact]
    public async Task Metadata_search_filters_by_albums_and_needs_every_album_to_be_visible()
    {
        using var client = Server.Client(Admin);
        var a = await UploadAsync(client, 4);
        var b = await UploadAsync(client, 5);
        await UploadAsync(client, 6);
        var both = (await client.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Both", assetIds = new[] { a, b } }, HttpStatusCode.Created, "AlbumResponseDto")).GetProperty("id").GetString()!;
        var onlyA = (await client.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "A", assetIds = new[] { a } }, HttpStatusCode.Created, "AlbumResponseDto")).GetProperty("id").GetString()!;

        Assert.Equal([a, b], (await SearchAsync(client, both)).Order());
        Assert.Equal([a], await SearchAsync(client, both, onlyA));
        Assert.Equal(3, (await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { }, HttpStatusCode.OK, "SearchResponseDto"))
            .GetProperty("assets").GetProperty("total").GetInt32());

        var other = await Server.CreateUserAsync(Admin, "other@example.com");
        using var otherClient = Server.Client(other);
        await (await otherClient.PostAsJsonAsync("/api/search/metadata", new { albumIds = new[] { both } })).AssertImmichErrorAsync(HttpStatusCode.NotFound);
        await (await client.PostAsJsonAsync("/api/search/metadata", new { albumIds = new[] { Guid.NewGuid() } })).AssertImmichErrorAsync(HttpStatusCode.NotFound);
    }

    private static async Task<List<string>> SearchAsync(HttpClient client, params string[] albumIds)
    {
        var result = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { albumIds }, HttpStatusCode.OK, "SearchResponseDto");
        return [.. result.GetProperty("assets").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
    }

    private static async Task<string> UploadAsync(HttpClient client, int seed)
    {
        var response = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(Uploads.RandomBytes(4000, seed), $"p{seed}.jpg", $"local-{seed}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static List<(string, bool, string?)> Results(JsonElement results) => [.. results.EnumerateArray().Select(r => (
        r.GetProperty("id").GetString()!, r.GetProperty("success").GetBoolean(), r.TryGetProperty("error", out var e) ? e.GetString() : null))];
}
