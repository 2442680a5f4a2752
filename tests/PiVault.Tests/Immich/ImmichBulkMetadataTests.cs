using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>
/// Immich's bulk asset metadata (<c>PUT</c> and <c>DELETE /api/assets/metadata</c>) over real HTTP: each request checked
/// against @immich/sdk 3.2.2's request type, each answer and sync line against its type; only the owner's assets.
/// </summary>
public sealed class ImmichBulkMetadataTests : ServerWithAdmin
{
    private sealed record Step(string Name, HttpMethod Method, object Body, string RequestType, HttpStatusCode Status, string? ResponseType);

    [Fact]
    public async Task Bulk_upsert_and_delete_answer_in_the_sdk_shapes_and_reach_the_sync_stream()
    {
        using var client = Server.Client(Admin);
        var a = await UploadAsync(client, 1);
        var b = await UploadAsync(client, 2);
        string[] types = ["AssetMetadataV1"];
        await client.AckAsync((await client.SyncAsync(types)).Select(l => l.Ack));

        Step[] table =
        [
            new("upsert on two assets", HttpMethod.Put, new { items = new object[]
            {
                new { assetId = a, key = "pivault-test", value = new { n = 1 } },
                new { assetId = b, key = "pivault-test", value = new { n = 2 } },
                new { assetId = b, key = "other", value = new { s = "x" } },
            } }, "AssetMetadataBulkUpsertDto", HttpStatusCode.OK, "AssetMetadataBulkResponseDto[]"),
            new("upsert again, one changed", HttpMethod.Put, new { items = new object[]
            {
                new { assetId = a, key = "pivault-test", value = new { n = 10 } },
            } }, "AssetMetadataBulkUpsertDto", HttpStatusCode.OK, "AssetMetadataBulkResponseDto[]"),
        ];
        var answers = new Dictionary<string, JsonElement>();
        foreach (var step in table)
        {
            ImmichSchema.Instance.AssertValid(JsonSerializer.SerializeToElement(step.Body, JsonSerializerOptions.Web), step.RequestType);
            answers[step.Name] = await client.CallAsync(step.Method, "/api/assets/metadata", step.Body, step.Status, step.ResponseType!);
        }
        Assert.Equal([(a, "pivault-test", 1), (b, "pivault-test", 2)], answers["upsert on two assets"].EnumerateArray().Take(2)
            .Select(m => (m.GetProperty("assetId").GetString(), m.GetProperty("key").GetString(), m.GetProperty("value").GetProperty("n").GetInt32())));
        Assert.Equal(10, Assert.Single(answers["upsert again, one changed"].EnumerateArray()).GetProperty("value").GetProperty("n").GetInt32());
        Assert.Equal(["other", "pivault-test"], (await client.GetAsync($"/api/assets/{b}/metadata", "AssetMetadataResponseDto[]")).EnumerateArray()
            .Select(m => m.GetProperty("key").GetString()));

        // Each stored item reaches the stream once, with its latest value.
        var lines = await client.SyncAsync(types);
        Assert.Equal(["AssetMetadataV1", "AssetMetadataV1", "AssetMetadataV1", "SyncCompleteV1"], lines.Select(l => l.Type));
        var byItem = lines.SkipLast(1).ToDictionary(l => (l.Data.GetProperty("assetId").GetString(), l.Data.GetProperty("key").GetString()), l => l.Data.GetProperty("value"));
        Assert.Equal(10, byItem[(a, "pivault-test")].GetProperty("n").GetInt32());
        Assert.Equal("x", byItem[(b, "other")].GetProperty("s").GetString());
        await client.AckAsync(lines.Select(l => l.Ack));

        // Delete two items (one key the asset never had is no error): the delete lines for the two that existed.
        var delete = new { items = new object[] { new { assetId = a, key = "pivault-test" }, new { assetId = b, key = "other" }, new { assetId = b, key = "never-set" } } };
        ImmichSchema.Instance.AssertValid(JsonSerializer.SerializeToElement(delete, JsonSerializerOptions.Web), "AssetMetadataBulkDeleteDto");
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, JsonSerializer.Serialize(delete, JsonSerializerOptions.Web))).StatusCode);
        lines = await client.SyncAsync(types);
        Assert.Equal(["AssetMetadataDeleteV1", "AssetMetadataDeleteV1", "SyncCompleteV1"], lines.Select(l => l.Type));
        Assert.Equal([(a, "pivault-test"), (b, "other")], lines.SkipLast(1).Select(l => (l.Data.GetProperty("assetId").GetString(), l.Data.GetProperty("key").GetString())));
        Assert.Equal(["pivault-test"], (await client.GetAsync($"/api/assets/{b}/metadata", "AssetMetadataResponseDto[]")).EnumerateArray()
            .Select(m => m.GetProperty("key").GetString()));
    }

    [Theory]
    [InlineData("PUT", """{"items":[{"assetId":"{mine}","key":"k","value":{"n":1}},{"assetId":"{theirs}","key":"k","value":{"n":1}}]}""", HttpStatusCode.NotFound, "not found")]
    [InlineData("DELETE", """{"items":[{"assetId":"{mine}","key":"kept"},{"assetId":"{theirs}","key":"kept"}]}""", HttpStatusCode.NotFound, "not found")]
    [InlineData("PUT", """{"items":[{"assetId":"00000000-0000-0000-0000-000000000000","key":"k","value":{}}]}""", HttpStatusCode.NotFound, "not found")]
    [InlineData("PUT", """{"items":[{"assetId":"{mine}","key":"Not A Key","value":{}}]}""", HttpStatusCode.BadRequest, "metadata key")]
    [InlineData("PUT", """{"items":[{"assetId":"{mine}","key":"k","value":"text"}]}""", HttpStatusCode.BadRequest, "JSON object")]
    [InlineData("PUT", """{"items":[{"assetId":"{mine}","key":"k","value":{}},{"assetId":"{mine}","key":"k","value":{}}]}""", HttpStatusCode.BadRequest, "once")]
    [InlineData("PUT", """{"items":[{"key":"k","value":{}}]}""", HttpStatusCode.BadRequest, "assetId")]
    [InlineData("PUT", """{}""", HttpStatusCode.BadRequest, "items")]
    [InlineData("DELETE", """{"items":[{"assetId":"{mine}"}]}""", HttpStatusCode.BadRequest, "metadata key")]
    public async Task A_refused_bulk_request_answers_Immichs_error_and_changes_nothing(string method, string body, HttpStatusCode status, string mentions)
    {
        using var client = Server.Client(Admin);
        var mine = await UploadAsync(client, 3);
        using var other = Server.Client(await Server.CreateUserAsync(Admin, "other@example.com"));
        var theirs = await UploadAsync(other, 4);
        await client.CallAsync(HttpMethod.Put, $"/api/assets/{mine}/metadata", new { items = new[] { new { key = "kept", value = new { n = 0 } } } },
            HttpStatusCode.OK, "AssetMetadataResponseDto[]");
        await other.CallAsync(HttpMethod.Put, $"/api/assets/{theirs}/metadata", new { items = new[] { new { key = "kept", value = new { n = 0 } } } },
            HttpStatusCode.OK, "AssetMetadataResponseDto[]");

        var filled = body.Replace("{mine}", mine, StringComparison.Ordinal).Replace("{theirs}", theirs, StringComparison.Ordinal);
        var message = await (await SendAsync(client, new HttpMethod(method), filled)).AssertImmichErrorAsync(status);
        Assert.Contains(mentions, message, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(["kept"], (await client.GetAsync($"/api/assets/{mine}/metadata", "AssetMetadataResponseDto[]")).EnumerateArray()
            .Select(m => m.GetProperty("key").GetString()));
        var theirsKept = Assert.Single((await other.GetAsync($"/api/assets/{theirs}/metadata", "AssetMetadataResponseDto[]")).EnumerateArray());
        Assert.Equal(0, theirsKept.GetProperty("value").GetProperty("n").GetInt32());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string json) =>
        client.SendAsync(new HttpRequestMessage(method, "/api/assets/metadata") { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    private static async Task<string> UploadAsync(HttpClient client, int seed)
    {
        var response = await client.PostAsync("/api/assets", ImmichClient.MobileUpload(Uploads.RandomBytes(4000, seed), $"p{seed}.jpg", $"local-{seed}"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}
