using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>Albums over real HTTP: the owner manages, members see, everyone else gets 404.</summary>
public sealed class AlbumTests
{
    [Fact]
    public async Task Owner_creates_renames_sets_cover_adds_and_removes_assets_and_deletes()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var a = await TimelineTests.Upload(client, 1, "2024-05-01T10:00:00Z");
        var b = await TimelineTests.Upload(client, 2, "2024-05-02T10:00:00Z");

        var album = await Create(client, "Holiday", a);
        var id = album.GetProperty("id").GetString();
        Assert.Equal(1, album.GetProperty("assetCount").GetInt32());
        var added = await (await client.PutAsJsonAsync($"/api/v1/albums/{id}/assets", new { ids = new[] { a, b } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, added.GetProperty("changed").GetInt32());
        Assert.Equal(2, added.GetProperty("assetCount").GetInt32());

        var renamed = await (await client.PatchAsJsonAsync($"/api/v1/albums/{id}", new { name = "Summer", coverAssetId = b })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Summer", renamed.GetProperty("name").GetString());
        Assert.Equal(b, renamed.GetProperty("coverAssetId").GetString());
        await (await client.PatchAsJsonAsync($"/api/v1/albums/{id}", new { name = " " })).AssertProblemAsync(HttpStatusCode.BadRequest);

        var bucket = await client.GetFromJsonAsync<JsonElement>($"/api/v1/timeline/bucket?timeBucket=2024-05&albumId={id}");
        Assert.Equal(2, bucket.GetArrayLength());
        using var remove = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/albums/{id}/assets") { Content = JsonContent.Create(new { ids = new[] { a } }) };
        Assert.Equal(1, (await (await client.SendAsync(remove)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("assetCount").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/albums/{id}")).StatusCode);
        await (await client.GetAsync($"/api/v1/albums/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/assets/{a}")).StatusCode); // photos stay
    }

    [Fact]
    public async Task Sharing_lets_a_member_view_the_album_and_its_assets_but_not_change_them_and_strangers_see_nothing()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var member = await server.CreateUserAsync(admin, "member@example.com");
        var stranger = await server.CreateUserAsync(admin, "stranger@example.com");
        using var owner = server.Client(admin);
        var inAlbum = await TimelineTests.Upload(owner, 1, "2024-05-01T10:00:00Z");
        var notInAlbum = await TimelineTests.Upload(owner, 2, "2024-05-02T10:00:00Z");
        var id = (await Create(owner, "Family", inAlbum)).GetProperty("id").GetString();
        await (await owner.PutAsJsonAsync($"/api/v1/albums/{id}/users", new { userIds = new[] { admin.UserId } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/albums/{id}/users", new { userIds = new[] { member.UserId } })).StatusCode);

        using var viewer = server.Client(member);
        Assert.Equal(id, (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/albums"))[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/assets/{inAlbum}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/assets/{inAlbum}/original")).StatusCode);
        await (await viewer.GetAsync($"/api/v1/assets/{notInAlbum}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await viewer.DeleteAsync($"/api/v1/assets/{inAlbum}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await viewer.PutAsJsonAsync($"/api/v1/assets/{inAlbum}", new { isFavorite = true })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await viewer.PatchAsJsonAsync($"/api/v1/albums/{id}", new { name = "Mine" })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await viewer.PutAsJsonAsync($"/api/v1/albums/{id}/assets", new { ids = new[] { inAlbum } })).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, (await viewer.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets")).GetArrayLength()); // not in their own timeline

        using var outsider = server.Client(stranger);
        Assert.Equal(0, (await outsider.GetFromJsonAsync<JsonElement>("/api/v1/albums")).GetArrayLength());
        await (await outsider.GetAsync($"/api/v1/albums/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await outsider.GetAsync($"/api/v1/timeline/buckets?albumId={id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Asset not found.", await (await outsider.GetAsync($"/api/v1/assets/{inAlbum}/original")).AssertProblemAsync(HttpStatusCode.NotFound));

        // Trashed assets disappear for members; leaving ends access.
        await owner.DeleteAsync($"/api/v1/assets/{inAlbum}");
        await (await viewer.GetAsync($"/api/v1/assets/{inAlbum}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await owner.PostAsync($"/api/v1/assets/{inAlbum}/restore", null);
        Assert.Equal(HttpStatusCode.NoContent, (await viewer.DeleteAsync($"/api/v1/albums/{id}/users/{member.UserId}")).StatusCode);
        await (await viewer.GetAsync($"/api/v1/assets/{inAlbum}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_editor_adds_only_their_own_photos_and_removes_only_those()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var editor = await server.CreateUserAsync(admin, "editor@example.com");
        using var owner = server.Client(admin);
        var ownersPhoto = await TimelineTests.Upload(owner, 1, "2024-05-01T10:00:00Z");
        var id = (await Create(owner, "Shared", ownersPhoto)).GetProperty("id").GetString();
        await owner.PutAsJsonAsync($"/api/v1/albums/{id}/users", new { userIds = new[] { editor.UserId }, role = "editor" });

        using var client = server.Client(editor);
        var editorsPhoto = await TimelineTests.Upload(client, 2, "2024-05-03T10:00:00Z");
        var added = await (await client.PutAsJsonAsync($"/api/v1/albums/{id}/assets", new { ids = new[] { editorsPhoto, ownersPhoto } })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, added.GetProperty("changed").GetInt32());
        using var remove = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/albums/{id}/assets") { Content = JsonContent.Create(new { ids = new[] { ownersPhoto } }) };
        Assert.Equal(0, (await (await client.SendAsync(remove)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/assets/{editorsPhoto}")).StatusCode); // the owner sees the editor's photo via the album
    }

    public static async Task<JsonElement> Create(HttpClient client, string name, params string[] assetIds)
    {
        var response = await client.PostAsJsonAsync("/api/v1/albums", new { name, assetIds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
