using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>Public links over real HTTP, visited by a client without any account.</summary>
public sealed class SharedLinkTests
{
    [Fact]
    public async Task An_album_link_shows_exactly_the_album_to_a_visitor_and_nothing_else_is_reachable()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        var inAlbum = await TimelineTests.Upload(owner, 1, "2024-05-01T10:00:00Z");
        var outside = await TimelineTests.Upload(owner, 2, "2024-05-02T10:00:00Z");
        var albumId = (await AlbumTests.Create(owner, "Wedding", inAlbum)).GetProperty("id").GetString();
        var link = await CreateLink(owner, new { type = "album", albumId });
        var key = link.GetProperty("key").GetString();
        Assert.Equal($"/s/{key}", link.GetProperty("url").GetString());

        using var visitor = server.Client();
        var view = await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/shared/{key}");
        Assert.Equal("Wedding", view.GetProperty("title").GetString());
        Assert.Equal([inAlbum], view.GetProperty("assets").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{inAlbum}/original")).StatusCode);
        Assert.Equal("Asset not found.", await (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{outside}/original")).AssertProblemAsync(HttpStatusCode.NotFound));
        foreach (var path in new[] { $"/api/v1/assets/{inAlbum}", "/api/v1/assets", $"/api/v1/albums/{albumId}", "/api/v1/timeline/buckets", "/api/v1/shared-links" })
        {
            await (await visitor.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        await (await visitor.GetAsync("/api/v1/shared/not-a-real-key-at-all")).AssertProblemAsync(HttpStatusCode.NotFound);

        // Deleting the link ends it at once.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/shared-links/{link.GetProperty("id").GetString()}")).StatusCode);
        await (await visitor.GetAsync($"/api/v1/shared/{key}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_password_link_rejects_the_wrong_password_and_opens_with_the_right_one()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        var photo = await TimelineTests.Upload(owner, 1, "2024-05-01T10:00:00Z");
        var key = (await CreateLink(owner, new { type = "individual", assetIds = new[] { photo }, password = "open sesame" })).GetProperty("key").GetString();

        using var visitor = server.Client();
        Assert.Contains("password", await (await visitor.GetAsync($"/api/v1/shared/{key}")).AssertProblemAsync(HttpStatusCode.Unauthorized), StringComparison.Ordinal);
        await (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{photo}/original")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Wrong password for this link.",
            await (await visitor.PostAsJsonAsync($"/api/v1/shared/{key}/unlock", new { password = "wrong" })).AssertProblemAsync(HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.NoContent, (await visitor.PostAsJsonAsync($"/api/v1/shared/{key}/unlock", new { password = "open sesame" })).StatusCode);
        Assert.Single((await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/shared/{key}")).GetProperty("assets").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{photo}/original")).StatusCode);
    }

    [Fact]
    public async Task An_expired_link_is_rejected_with_410()
    {
        var time = new ManualTime(DateTimeOffset.Parse("2026-03-01T12:00:00Z", CultureInfo.InvariantCulture));
        await using var server = await TestServer.StartAsync(time: time);
        var admin = await server.BootstrapAdminAsync();
        using var owner = server.Client(admin);
        var photo = await TimelineTests.Upload(owner, 1, "2024-05-01T10:00:00Z");
        await (await owner.PostAsJsonAsync("/api/v1/shared-links", new { type = "individual", assetIds = new[] { photo }, expiresAt = time.GetUtcNow().AddHours(-1) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        var key = (await CreateLink(owner, new { type = "individual", assetIds = new[] { photo }, expiresAt = time.GetUtcNow().AddHours(1) })).GetProperty("key").GetString();

        using var visitor = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/v1/shared/{key}")).StatusCode);
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal("This share link has expired.", await (await visitor.GetAsync($"/api/v1/shared/{key}")).AssertProblemAsync(HttpStatusCode.Gone));
        await (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{photo}/original")).AssertProblemAsync(HttpStatusCode.Gone);
        Assert.True((await owner.GetFromJsonAsync<JsonElement>("/api/v1/shared-links"))[0].GetProperty("isExpired").GetBoolean());
    }

    [Fact]
    public async Task The_links_of_a_disabled_user_answer_like_unknown_links_until_the_user_is_enabled_again()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var user = await server.CreateUserAsync(admin, "leaver@example.com");
        using var owner = server.Client(user);
        var photo = await TimelineTests.Upload(owner, 1, "2024-05-01T10:00:00Z");
        var albumId = (await AlbumTests.Create(owner, "Holiday", photo)).GetProperty("id").GetString();
        var keys = new[]
        {
            (await CreateLink(owner, new { type = "individual", assetIds = new[] { photo } })).GetProperty("key").GetString(),
            (await CreateLink(owner, new { type = "album", albumId })).GetProperty("key").GetString(),
            (await CreateLink(owner, new { type = "individual", assetIds = new[] { photo }, password = "open sesame 123" })).GetProperty("key").GetString(),
        };
        using var visitor = server.Client();
        var unlock = await visitor.PostAsJsonAsync($"/api/v1/shared/{keys[2]}/unlock", new { password = "open sesame 123" });
        Assert.Equal(HttpStatusCode.NoContent, unlock.StatusCode);
        using var adminClient = server.Client(admin);
        var unknown = await (await visitor.GetAsync("/api/v1/shared/not-a-real-key-at-all")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await adminClient.PostAsync($"/api/v1/admin/users/{user.UserId}/disable", null)).StatusCode);
        foreach (var key in keys)
        {
            // Exactly what an unknown key gets: nothing says that the link exists, or whose it was.
            Assert.Equal(unknown, await (await visitor.GetAsync($"/api/v1/shared/{key}")).AssertProblemAsync(HttpStatusCode.NotFound));
            foreach (var file in new[] { "original", "thumbnail", "playback" })
            {
                Assert.Equal(unknown, await (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{photo}/{file}")).AssertProblemAsync(HttpStatusCode.NotFound));
            }
        }
        Assert.Equal(unknown, await (await visitor.PostAsJsonAsync($"/api/v1/shared/{keys[2]}/unlock", new { password = "open sesame 123" }))
            .AssertProblemAsync(HttpStatusCode.NotFound));

        Assert.Equal(HttpStatusCode.OK, (await adminClient.PostAsync($"/api/v1/admin/users/{user.UserId}/enable", null)).StatusCode);
        foreach (var key in keys)
        {
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/v1/shared/{key}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/api/v1/shared/{key}/assets/{photo}/original")).StatusCode);
        }
    }

    [Fact]
    public async Task Links_can_only_share_the_callers_own_photos_and_albums()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var other = await server.CreateUserAsync(admin, "other@example.com");
        using var owner = server.Client(admin);
        var photo = await TimelineTests.Upload(owner, 1, "2024-05-01T10:00:00Z");
        var albumId = (await AlbumTests.Create(owner, "Private", photo)).GetProperty("id").GetString();

        using var intruder = server.Client(other);
        await (await intruder.PostAsJsonAsync("/api/v1/shared-links", new { type = "individual", assetIds = new[] { photo } })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await intruder.PostAsJsonAsync("/api/v1/shared-links", new { type = "album", albumId })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await intruder.GetFromJsonAsync<JsonElement>("/api/v1/shared-links")).GetArrayLength());
    }

    private static async Task<JsonElement> CreateLink(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("/api/v1/shared-links", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
