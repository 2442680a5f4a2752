using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Features.Metadata;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// The app's in-app actions (issue 20) through the real HTTP server: every request is checked against @immich/sdk
/// 3.2.2's request type before it is sent and every answer against its response type; failures answer Immich's
/// error shape with a message.
/// </summary>
public sealed class ImmichActionTests : ServerWithAdmin
{
    /// <summary>One action: its request (and the sdk type it must be), the status and the sdk type of the answer.</summary>
    private sealed record ActionRow(string Name, HttpMethod Method, string Path, object? Body, string? RequestType, HttpStatusCode Status, string? ResponseType);

    [Fact]
    public async Task Every_action_answers_in_the_sdk_shape()
    {
        using var client = Server.Client(Admin);
        var a = await UploadAsync(client, 1);
        var b = await UploadAsync(client, 2);
        var trashed = await UploadAsync(client, 3);
        var album = (await client.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "Trip", assetIds = new[] { a } }, HttpStatusCode.Created,
            "AlbumResponseDto")).GetProperty("id").GetString()!;
        var member = await Server.CreateUserAsync(Admin, "member@example.com");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/assets")
        {
            Content = JsonContent.Create(new { ids = new[] { trashed } }),
        })).StatusCode);

        ActionRow[] table =
        [
            new("bulk favourite and archive", HttpMethod.Put, "/api/assets", new { ids = new[] { a, b }, isFavorite = true, visibility = "archive" },
                "AssetBulkUpdateDto", HttpStatusCode.NoContent, null),
            new("bulk back to the timeline, rated", HttpMethod.Put, "/api/assets", new { ids = new[] { a, b }, visibility = "timeline", rating = 3 },
                "AssetBulkUpdateDto", HttpStatusCode.NoContent, null),
            new("one asset's description, rating, date and place", HttpMethod.Put, $"/api/assets/{a}",
                new { description = "Beach", rating = 4, dateTimeOriginal = "2020-05-01T10:00:00.000+02:00", latitude = 48.8566, longitude = 2.3522 },
                "UpdateAssetDto", HttpStatusCode.OK, "AssetResponseDto"),
            new("restore chosen assets", HttpMethod.Post, "/api/trash/restore/assets", new { ids = new[] { trashed } }, "BulkIdsDto", HttpStatusCode.OK, "TrashResponseDto"),
            new("restore the trash", HttpMethod.Post, "/api/trash/restore", null, null, HttpStatusCode.OK, "TrashResponseDto"),
            new("empty the trash", HttpMethod.Post, "/api/trash/empty", null, null, HttpStatusCode.OK, "TrashResponseDto"),
            new("rename an album", HttpMethod.Patch, $"/api/albums/{album}", new { albumName = "Beach trip", description = "Summer" },
                "UpdateAlbumDto", HttpStatusCode.OK, "AlbumResponseDto"),
            new("share an album", HttpMethod.Put, $"/api/albums/{album}/users", new { albumUsers = new[] { new { userId = member.UserId, role = "viewer" } } },
                "AddUsersDto", HttpStatusCode.OK, "AlbumResponseDto"),
            new("the household", HttpMethod.Get, "/api/users", null, null, HttpStatusCode.OK, "UserResponseDto[]"),
            new("rename myself", HttpMethod.Put, "/api/users/me", new { name = "The Admin", avatarColor = "green" }, "UserUpdateMeDto", HttpStatusCode.OK,
                "UserAdminResponseDto"),
            new("make a shared link", HttpMethod.Post, "/api/shared-links", new { type = "INDIVIDUAL", assetIds = new[] { a }, description = "For grandma" },
                "SharedLinkCreateDto", HttpStatusCode.Created, "SharedLinkResponseDto"),
            new("list shared links", HttpMethod.Get, "/api/shared-links", null, null, HttpStatusCode.OK, "SharedLinkResponseDto[]"),
            new("explore", HttpMethod.Get, "/api/search/explore", null, null, HttpStatusCode.OK, "SearchExploreResponseDto[]"),
            new("cities", HttpMethod.Get, "/api/search/cities", null, null, HttpStatusCode.OK, "AssetResponseDto[]"),
        ];
        var answers = new Dictionary<string, JsonElement>();
        foreach (var action in table)
        {
            answers[action.Name] = await RunAsync(client, action);
        }

        Assert.Equal(1, answers["restore chosen assets"].GetProperty("count").GetInt32());
        Assert.Equal(0, answers["empty the trash"].GetProperty("count").GetInt32());
        Assert.Equal(("Beach trip", "Summer"), (answers["rename an album"].GetProperty("albumName").GetString(), answers["rename an album"].GetProperty("description").GetString()));
        Assert.Contains(answers["share an album"].GetProperty("albumUsers").EnumerateArray(), u => u.GetProperty("user").GetProperty("id").GetString() == member.UserId
            && u.GetProperty("role").GetString() == "viewer");
        Assert.Equal(("The Admin", "green"), (answers["rename myself"].GetProperty("name").GetString(), answers["rename myself"].GetProperty("avatarColor").GetString()));
        Assert.Equal(2, answers["the household"].GetArrayLength());
        var created = answers["make a shared link"];
        var link = created.GetProperty("id").GetString()!;
        Assert.Equal(("INDIVIDUAL", "For grandma", a), (created.GetProperty("type").GetString(), created.GetProperty("description").GetString(),
            created.GetProperty("assets")[0].GetProperty("id").GetString()));
        var explore = Assert.Single(answers["explore"].EnumerateArray());
        Assert.Equal("exifInfo.city", explore.GetProperty("fieldName").GetString());

        // The asset answers with what was set; the bulk favourite and the archive-and-back took.
        var edited = answers["one asset's description, rating, date and place"];
        Assert.True(edited.GetProperty("isFavorite").GetBoolean());
        Assert.Equal("timeline", edited.GetProperty("visibility").GetString());
        Assert.Equal("2020-05-01T10:00:00.000", edited.GetProperty("localDateTime").GetString()![..23]);

        // The link's photos and settings change; the member leaves the album; then both go.
        ActionRow[] after =
        [
            new("add to the link", HttpMethod.Put, $"/api/shared-links/{link}/assets", new { assetIds = new[] { a, b } }, "AssetIdsDto", HttpStatusCode.OK,
                "AssetIdsResponseDto[]"),
            new("remove from the link", HttpMethod.Delete, $"/api/shared-links/{link}/assets", new { assetIds = new[] { a } }, "AssetIdsDto", HttpStatusCode.OK,
                "AssetIdsResponseDto[]"),
            new("edit the link", HttpMethod.Patch, $"/api/shared-links/{link}", new { description = "For everyone", allowDownload = false }, "SharedLinkEditDto",
                HttpStatusCode.OK, "SharedLinkResponseDto"),
            new("remove the member", HttpMethod.Delete, $"/api/albums/{album}/user/{member.UserId}", null, null, HttpStatusCode.NoContent, null),
            new("delete the link", HttpMethod.Delete, $"/api/shared-links/{link}", null, null, HttpStatusCode.NoContent, null),
            new("delete the album", HttpMethod.Delete, $"/api/albums/{album}", null, null, HttpStatusCode.NoContent, null),
        ];
        foreach (var action in after)
        {
            answers[action.Name] = await RunAsync(client, action);
        }
        Assert.Equal([(a, false, "duplicate"), (b, true, null)], IdResults(answers["add to the link"]));
        Assert.Equal([(a, true, null)], IdResults(answers["remove from the link"]));
        Assert.Equal(("For everyone", false, b), (answers["edit the link"].GetProperty("description").GetString(),
            answers["edit the link"].GetProperty("allowDownload").GetBoolean(), answers["edit the link"].GetProperty("assets")[0].GetProperty("id").GetString()));
        Assert.Equal(0, (await client.GetAsync("/api/shared-links", "SharedLinkResponseDto[]")).GetArrayLength());
        await (await client.GetAsync($"/api/albums/{album}")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("PUT", "/api/assets/{a}", """{"rating":9}""", HttpStatusCode.BadRequest, "rating")]
    [InlineData("PUT", "/api/assets/{a}", """{"latitude":12}""", HttpStatusCode.BadRequest, "latitude and longitude")]
    [InlineData("PUT", "/api/assets/{a}", """{"latitude":91,"longitude":0}""", HttpStatusCode.BadRequest, "latitude")]
    [InlineData("PUT", "/api/assets/{a}", """{"dateTimeOriginal":"yesterday"}""", HttpStatusCode.BadRequest, "dateTimeOriginal")]
    [InlineData("PUT", "/api/assets", """{"ids":["{a}"],"visibility":"hidden"}""", HttpStatusCode.BadRequest, "hidden")]
    [InlineData("PUT", "/api/assets", """{"ids":["{a}"],"visibility":"nowhere"}""", HttpStatusCode.BadRequest, "visibility")]
    [InlineData("PUT", "/api/assets", """{"ids":["{a}"],"dateTimeOriginal":"2020-01-01T00:00:00","timeZone":"Mars/Olympus"}""", HttpStatusCode.BadRequest, "timeZone")]
    [InlineData("PUT", "/api/assets", """{"ids":["{a}"],"visibility":"locked"}""", HttpStatusCode.Forbidden, "PIN")]
    [InlineData("PUT", "/api/assets/00000000-0000-0000-0000-000000000000", """{"rating":1}""", HttpStatusCode.NotFound, "not found")]
    [InlineData("PUT", "/api/users/me", """{"password":"a new long password"}""", HttpStatusCode.BadRequest, "change-password")]
    [InlineData("PUT", "/api/albums/{album}/users", """{"albumUsers":[]}""", HttpStatusCode.BadRequest, "albumUsers")]
    [InlineData("POST", "/api/shared-links", """{"type":"INDIVIDUAL","assetIds":[]}""", HttpStatusCode.BadRequest, "photos")]
    [InlineData("PATCH", "/api/shared-links/00000000-0000-0000-0000-000000000000", """{"description":"x"}""", HttpStatusCode.NotFound, "not found")]
    [InlineData("GET", "/api/search/suggestions?type=colour", null, HttpStatusCode.BadRequest, "type")]
    public async Task A_refused_action_answers_Immichs_error_with_a_message(string method, string path, string? body, HttpStatusCode status, string mentions)
    {
        using var client = Server.Client(Admin);
        var a = await UploadAsync(client, 7);
        var album = (await client.CallAsync(HttpMethod.Post, "/api/albums", new { albumName = "X" }, HttpStatusCode.Created, "AlbumResponseDto")).GetProperty("id").GetString()!;
        string Fill(string text) => text.Replace("{a}", a, StringComparison.Ordinal).Replace("{album}", album, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path))
        {
            Content = body is null ? null : new StringContent(Fill(body), System.Text.Encoding.UTF8, "application/json"),
        };
        var message = await (await client.SendAsync(request)).AssertImmichErrorAsync(status);
        Assert.Contains(mentions, message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hand_edits_of_date_place_and_description_survive_a_rerun_of_the_metadata_step()
    {
        using var client = Server.Client(Admin);
        var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg"));
        var upload = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(photo, "DSCN0012.jpg", "local-gps"));
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(1));
        var before = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}/metadata");
        Assert.NotEqual("user", before.GetProperty("dateSource").GetString());

        var body = new { dateTimeOriginal = "2021-07-14T21:30:00.000-04:00", latitude = 40.7128, longitude = -74.006, description = "Fireworks", rating = 5 };
        ImmichSchema.Instance.AssertValid(JsonSerializer.SerializeToElement(body, JsonSerializerOptions.Web), "UpdateAssetDto");
        await client.CallAsync(HttpMethod.Put, $"/api/assets/{id}", body, HttpStatusCode.OK, "AssetResponseDto");
        await AssertEditedAsync();

        // The step runs again (a re-extraction after an upgrade, say): the file's values stay under the user's.
        await Server.Services.GetRequiredService<MetadataService>().ExtractAsync(id, CancellationToken.None);
        await AssertEditedAsync();

        async Task AssertEditedAsync()
        {
            var m = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}/metadata");
            Assert.Equal(("user", "2021-07-14T21:30:00.000", -240), (m.GetProperty("dateSource").GetString(), m.GetProperty("takenLocal").GetString(),
                m.GetProperty("utcOffsetMinutes").GetInt32()));
            Assert.Equal((40.7128, -74.006, "Fireworks"), (m.GetProperty("latitude").GetDouble(), m.GetProperty("longitude").GetDouble(),
                m.GetProperty("description").GetString()));
            var asset = await client.GetAsync($"/api/assets/{id}", "AssetResponseDto");
            Assert.StartsWith("2021-07-14T21:30:00", asset.GetProperty("localDateTime").GetString());
            var found = await client.CallAsync(HttpMethod.Post, "/api/search/metadata", new { takenAfter = "2021-07-15T01:00:00Z", takenBefore = "2021-07-15T02:00:00Z" },
                HttpStatusCode.OK, "SearchResponseDto");
            Assert.Equal(id, Assert.Single(found.GetProperty("assets").GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_profile_picture_is_typed_by_its_bytes_bounded_and_served_with_nosniff()
    {
        using var client = Server.Client(Admin);
        var png = await File.ReadAllBytesAsync(Uploads.CorpusFile("mei/png/Issue_356_dotnet.png"));
        var posted = await client.PostAsync("/api/users/profile-image", Uploads.Form(png, "me.jpg"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        ImmichSchema.Instance.AssertValid(await posted.Content.ReadFromJsonAsync<JsonElement>(), "CreateProfileImageResponseDto");

        var served = await client.GetAsync($"/api/users/{Admin.UserId}/profile-image");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType); // the bytes', not the name's .jpg
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        var me = await client.GetAsync("/api/users", "UserResponseDto[]");
        Assert.Equal($"/api/users/{Admin.UserId}/profile-image", me[0].GetProperty("profileImagePath").GetString());

        var script = await client.PostAsync("/api/users/profile-image", Uploads.Form("<script>alert(1)</script>"u8.ToArray(), "me.png"));
        await script.AssertImmichErrorAsync(HttpStatusCode.UnsupportedMediaType);
        var huge = await client.PostAsync("/api/users/profile-image", Uploads.Form(new byte[ProfileImageLimit + 1], "big.jpg"));
        await huge.AssertImmichErrorAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/users/profile-image")).StatusCode);
        await (await client.GetAsync($"/api/users/{Admin.UserId}/profile-image")).AssertImmichErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Suggestions_list_the_places_and_cameras_of_the_callers_photos_only()
    {
        using var client = Server.Client(Admin);
        var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/assets", ImmichClient.MobileUpload(photo, "DSCN0012.jpg", "local-gps"))).StatusCode);
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(1));

        var makes = await client.GetFromJsonAsync<string?[]>("/api/search/suggestions?type=camera-make");
        Assert.Equal(["NIKON"], makes!.Select(m => m?.Trim()));
        // The explore page's places are the city suggestions (one here, or none without the place names' data).
        var cities = await client.GetFromJsonAsync<string?[]>("/api/search/suggestions?type=city");
        var explored = (await client.GetAsync("/api/search/explore", "SearchExploreResponseDto[]"))[0].GetProperty("items");
        Assert.Equal(cities!, explored.EnumerateArray().Select(i => i.GetProperty("value").GetString()));

        var other = await Server.CreateUserAsync(Admin, "other@example.com");
        using var otherClient = Server.Client(other);
        Assert.Empty((await otherClient.GetFromJsonAsync<string?[]>("/api/search/suggestions?type=camera-make"))!);
        Assert.Equal(0, (await otherClient.GetAsync("/api/search/cities", "AssetResponseDto[]")).GetArrayLength());
    }

    [Fact]
    public async Task An_archive_and_a_rating_reach_the_other_phone_once_and_so_does_their_undo()
    {
        using var web = Server.Client(Admin);
        using var phone = Server.Client(await Server.LoginAsync(TestServer.AdminEmail));
        var photo = await File.ReadAllBytesAsync(Uploads.CorpusFile("exif-orientation-examples/Landscape_3.jpg"));
        var upload = await web.PostAsync("/api/assets", ImmichClient.MobileUpload(photo, "IMG_0001.JPG", "local-1"));
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await PiVault.Tests.Pipeline.Pipeline.WaitUntilIdleAsync(web, TimeSpan.FromMinutes(1));
        await ChangesAsync();
        Assert.Equal(["SyncCompleteV1"], (await ChangesAsync()).Select(l => l.Type));

        foreach (var (body, type, field, expected) in new (object Body, string Type, string Field, string? Expected)[]
        {
            (new { ids = new[] { id }, visibility = "archive" }, "AssetV1", "visibility", "archive"),
            (new { ids = new[] { id }, visibility = "timeline" }, "AssetV1", "visibility", "timeline"),
            (new { ids = new[] { id }, rating = 4 }, "AssetExifV1", "rating", "4"),
            (new { ids = new[] { id }, rating = (int?)null }, "AssetExifV1", "rating", null),
        })
        {
            ImmichSchema.Instance.AssertValid(JsonSerializer.SerializeToElement(body, JsonSerializerOptions.Web), "AssetBulkUpdateDto");
            Assert.Equal(HttpStatusCode.NoContent, (await web.PutAsJsonAsync("/api/assets", body)).StatusCode);
            var lines = await ChangesAsync();
            Assert.Equal([type, "SyncCompleteV1"], lines.Select(l => l.Type));
            var value = lines[0].Data.GetProperty(field);
            Assert.Equal((id, expected), (lines[0].Data.GetProperty(type == "AssetV1" ? "id" : "assetId").GetString(),
                value.ValueKind == JsonValueKind.Null ? null : value.ToString()));
            Assert.Equal(["SyncCompleteV1"], (await ChangesAsync()).Select(l => l.Type)); // once: acked, it is not sent again
        }

        async Task<List<(string Type, JsonElement Data, string Ack)>> ChangesAsync()
        {
            var lines = await phone.SyncAsync("AssetsV1", "AssetExifsV1");
            await phone.AckAsync(lines.Select(l => l.Ack));
            return lines;
        }
    }

    private const int ProfileImageLimit = PiVault.Server.Features.Users.ProfileImageService.MaxBytes;

    private static async Task<JsonElement> RunAsync(HttpClient client, ActionRow action)
    {
        if (action.Body is not null && action.RequestType is not null)
        {
            ImmichSchema.Instance.AssertValid(JsonSerializer.SerializeToElement(action.Body, JsonSerializerOptions.Web), action.RequestType);
        }
        if (action.ResponseType is not null)
        {
            return await client.CallAsync(action.Method, action.Path, action.Body, action.Status, action.ResponseType);
        }
        using var request = new HttpRequestMessage(action.Method, action.Path) { Content = action.Body is null ? null : JsonContent.Create(action.Body) };
        var response = await client.SendAsync(request);
        Assert.True(action.Status == response.StatusCode, $"{action.Name}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return default;
    }

    private static List<(string, bool, string?)> IdResults(JsonElement results) => [.. results.EnumerateArray().Select(r => (
        r.GetProperty("assetId").GetString()!, r.GetProperty("success").GetBoolean(), r.TryGetProperty("error", out var e) ? e.GetString() : null))];

    private static async Task<string> UploadAsync(HttpClient client, int seed)
    {
        var response = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(Uploads.RandomBytes(4000, seed), $"p{seed}.jpg", $"local-{seed}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
