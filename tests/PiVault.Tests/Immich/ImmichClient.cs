using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PiVault.Tests.Immich;

/// <summary>Test-side helpers for the Immich API: schema-checked JSON calls and the sync stream.</summary>
public static class ImmichClient
{
    /// <summary>Sends, asserts the status and that the body is JSON, validates it as <paramref name="schemaType"/>, returns it.</summary>
    public static async Task<JsonElement> CallAsync(this HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected, string schemaType)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {path}: expected {expected}, got {response.StatusCode}: {text}");
        Assert.Contains("json", response.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        var json = JsonDocument.Parse(text).RootElement.Clone();
        if (schemaType.EndsWith("[]", StringComparison.Ordinal))
        {
            Assert.Equal(JsonValueKind.Array, json.ValueKind);
            foreach (var item in json.EnumerateArray())
            {
                ImmichSchema.Instance.AssertValid(item, schemaType[..^2]);
            }
        }
        else
        {
            ImmichSchema.Instance.AssertValid(json, schemaType);
        }
        return json;
    }

    public static Task<JsonElement> GetAsync(this HttpClient client, string path, string schemaType) =>
        client.CallAsync(HttpMethod.Get, path, null, HttpStatusCode.OK, schemaType);

    /// <summary>Asserts Immich's error body: <c>{message, error, statusCode, correlationId}</c>.</summary>
    public static async Task<string> AssertImmichErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"expected {expected}, got {response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)expected, body.GetProperty("statusCode").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        Assert.Equal(response.Headers.GetValues("X-Correlation-ID").Single(), body.GetProperty("correlationId").GetString());
        return body.GetProperty("message").GetString()!;
    }

    /// <summary>One sync stream: every line parsed, its data validated against the matching Sync* schema type.</summary>
    public static async Task<List<(string Type, JsonElement Data, string Ack)>> SyncAsync(this HttpClient client, params string[] types)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sync/stream") { Content = JsonContent.Create(new { types }) };
        request.Headers.Accept.ParseAdd("application/jsonlines+json");
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/jsonlines+json", response.Content.Headers.ContentType?.MediaType);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var json = JsonDocument.Parse(line).RootElement.Clone();
            var type = json.GetProperty("type").GetString()!;
            var data = json.GetProperty("data");
            ImmichSchema.Instance.AssertValid(data, DataSchema(type));
            return (type, data, json.GetProperty("ack").GetString()!);
        }).ToList();
        Assert.Equal("SyncCompleteV1", lines[^1].type);
        return lines;
    }

    /// <summary>The schema type of a sync line's data: album and partner assets are assets, their EXIF is asset EXIF, backfills are the plain type.</summary>
    private static string DataSchema(string type) => type switch
    {
        _ when type.StartsWith("Sync", StringComparison.Ordinal) => type,
        _ when type.StartsWith("AlbumAssetExif", StringComparison.Ordinal) => "SyncAssetExifV1",
        _ when type.StartsWith("MemoryToAsset", StringComparison.Ordinal) => "SyncMemoryAsset" + type["MemoryToAsset".Length..],
        _ when type.StartsWith("AlbumAsset", StringComparison.Ordinal) => "SyncAsset" + type[^2..],
        _ when type.StartsWith("PartnerAssetExif", StringComparison.Ordinal) => "SyncAssetExifV1",
        "PartnerAssetDeleteV1" => "SyncAssetDeleteV1",
        _ when type.StartsWith("PartnerStack", StringComparison.Ordinal) => "SyncStack" + type["PartnerStack".Length..],
        _ when type.StartsWith("PartnerAsset", StringComparison.Ordinal) => "SyncAsset" + type[^2..],
        _ => "Sync" + type.Replace("Backfill", "", StringComparison.Ordinal),
    };

    public static async Task AckAsync(this HttpClient client, IEnumerable<string> acks)
    {
        var response = await client.PostAsJsonAsync("/api/sync/ack", new { acks });
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public static MultipartFormDataContent MobileUpload(byte[] bytes, string fileName, string deviceAssetId, string duration = "0", string metadata = "[]")
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in new Dictionary<string, string>
        {
            ["deviceAssetId"] = deviceAssetId,
            ["deviceId"] = "test-phone",
            ["fileCreatedAt"] = "2024-05-01T10:00:00.000Z",
            ["fileModifiedAt"] = "2024-05-01T10:00:05.000Z",
            ["isFavorite"] = "true",
            ["duration"] = duration,
            ["filename"] = fileName,
            ["metadata"] = metadata,
            ["someFutureField"] = "ignored",
        })
        {
            form.Add(new StringContent(value, Encoding.UTF8), name);
        }
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "assetData", fileName);
        return form;
    }
}
