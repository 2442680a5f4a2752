using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

/// <summary>
/// The locked folder under <c>/api/v1</c> over real HTTP: the PIN and unlock (the same rules as Immich's routes,
/// tested in Immich/ImmichLockedFolderTests) and the moves, which touch only photos that are where the move starts.
/// </summary>
public sealed class LockedFolderApiTests
{
    private const string Pin = "739201";

    [Fact]
    public async Task The_PIN_opens_the_folder_and_photos_move_in_and_out_only_while_it_is_open()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var secret = await TimelineTests.Upload(client, 11, "2024-03-01T10:00:00Z");
        var archived = await TimelineTests.Upload(client, 12, "2024-03-02T10:00:00Z");
        await client.PutAsJsonAsync("/api/v1/assets", new { ids = new[] { archived }, isArchived = true });

        Assert.Equal((false, false), Status(await client.GetFromJsonAsync<JsonElement>("/api/v1/locked-folder")));
        // Closed (no PIN yet): nothing moves in, and the folder lists nothing.
        Assert.Contains("unlock", await (await client.PutAsJsonAsync("/api/v1/locked-folder/assets", new { ids = new[] { secret } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Set one first", await (await client.PostAsJsonAsync("/api/v1/locked-folder/unlock", new { pin = Pin }))
            .AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await (await client.PostAsJsonAsync("/api/v1/locked-folder/pin", new { pin = "12a456" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/locked-folder/pin", new { pin = Pin })).StatusCode);
        Assert.Equal((true, false), Status(await client.GetFromJsonAsync<JsonElement>("/api/v1/locked-folder")));

        // A wrong PIN is a 400 that says so (a 401 would sign the web app out); the right one answers the open status.
        Assert.Contains("Wrong PIN", await (await client.PostAsJsonAsync("/api/v1/locked-folder/unlock", new { pin = "000000" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        var opened = await (await client.PostAsJsonAsync("/api/v1/locked-folder/unlock", new { pin = Pin })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, true), Status(opened));
        Assert.True(opened.GetProperty("unlockedUntil").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        // In: both photos (timeline and archive); a second move finds nothing left to move.
        Assert.Equal(2, await MovedAsync(client, HttpMethod.Put, secret, archived));
        Assert.Equal(0, await MovedAsync(client, HttpMethod.Put, secret));
        Assert.Equal(2, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets?view=locked"))[0].GetProperty("count").GetInt32());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets")).GetArrayLength());
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets?view=archive")).GetArrayLength());

        // Closed again: the folder, its photos and moving them out are refused.
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/locked-folder/lock", null)).StatusCode);
        await (await client.GetAsync("/api/v1/timeline/buckets?view=locked")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.GetAsync($"/api/v1/assets/{secret}")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await Send(client, HttpMethod.Delete, "/api/v1/locked-folder/assets", new { ids = new[] { secret } })).AssertProblemAsync(HttpStatusCode.Forbidden);

        // Out: only what is in the folder moves, and to the timeline (the archived photo comes out un-archived).
        await client.PostAsJsonAsync("/api/v1/locked-folder/unlock", new { pin = Pin });
        Assert.Equal(1, await MovedAsync(client, HttpMethod.Delete, secret));
        Assert.Equal(0, await MovedAsync(client, HttpMethod.Delete, secret));
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets"))[0].GetProperty("count").GetInt32());
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/v1/timeline/buckets?view=locked"))[0].GetProperty("count").GetInt32());

        // Change and remove the PIN with proof; removing it closes the folder.
        await (await Send(client, HttpMethod.Put, "/api/v1/locked-folder/pin", new { pin = "111111", newPin = "222222" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(client, HttpMethod.Put, "/api/v1/locked-folder/pin", new { pin = Pin, newPin = "222222" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Send(client, HttpMethod.Delete, "/api/v1/locked-folder/pin", new { password = TestServer.Password })).StatusCode);
        Assert.Equal((false, false), Status(await client.GetFromJsonAsync<JsonElement>("/api/v1/locked-folder")));

        // An API key may read the status but never holds a PIN or an unlock.
        using var keyClient = server.Client(await server.CreateApiKeyAsync(admin, "all"));
        Assert.Equal((false, false), Status(await keyClient.GetFromJsonAsync<JsonElement>("/api/v1/locked-folder")));
        await (await keyClient.PostAsJsonAsync("/api/v1/locked-folder/pin", new { pin = Pin })).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await keyClient.PostAsJsonAsync("/api/v1/locked-folder/unlock", new { password = TestServer.Password })).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    private static (bool PinSet, bool Unlocked) Status(JsonElement status) =>
        (status.GetProperty("pinSet").GetBoolean(), status.GetProperty("unlocked").GetBoolean());

    private static async Task<int> MovedAsync(HttpClient client, HttpMethod method, params string[] ids)
    {
        var response = await Send(client, method, "/api/v1/locked-folder/assets", new { ids });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("moved").GetInt32();
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
}
