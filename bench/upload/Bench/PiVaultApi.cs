using System.Net;
using System.Text;
using System.Text.Json;

namespace PiVault.Bench.Upload;

/// <summary>The few control-plane calls the bench needs: first admin, login, API key, and the asset listing for verification.</summary>
internal sealed class PiVaultApi(HttpClient http, Uri baseUri)
{
    public async Task<(string AccessToken, string ApiKey)> SetUpAdminAsync()
    {
        const string email = "bench@example.com";
        const string password = "upload-bench-password";
        await PostJsonAsync("api/v1/auth/bootstrap", HttpStatusCode.Created, null, w =>
        {
            w.WriteString("email", email);
            w.WriteString("name", "Upload Bench");
            w.WriteString("password", password);
        });
        using var login = await PostJsonAsync("api/v1/auth/login", HttpStatusCode.OK, null, w =>
        {
            w.WriteString("email", email);
            w.WriteString("password", password);
        });
        var token = login.RootElement.GetProperty("accessToken").GetString() ?? throw new BenchFailureException("Login returned no accessToken.");
        using var key = await PostJsonAsync("api/v1/api-keys", HttpStatusCode.Created, token, w =>
        {
            w.WriteString("name", "bench");
            w.WriteStartArray("permissions");
            w.WriteStringValue("all");
            w.WriteEndArray();
        });
        var secret = key.RootElement.GetProperty("secret").GetString() ?? throw new BenchFailureException("API key creation returned no secret.");
        return (token, secret);
    }

    /// <summary>Every asset of the caller: id → (base64 SHA-1, size).</summary>
    public async Task<Dictionary<string, (string Checksum, long Size)>> ListAssetsAsync(string token)
    {
        var result = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, $"api/v1/assets?page={page}&size=1000"));
            request.Headers.Authorization = new("Bearer", token);
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchFailureException($"Listing assets answered {(int)response.StatusCode}: {body}");
            }
            using var json = JsonDocument.Parse(body);
            foreach (var item in json.RootElement.GetProperty("items").EnumerateArray())
            {
                result[item.GetProperty("id").GetString()!] = (item.GetProperty("checksum").GetString()!, item.GetProperty("fileSize").GetInt64());
            }
            if (json.RootElement.GetProperty("nextPage").ValueKind == JsonValueKind.Null)
            {
                return result;
            }
        }
    }

    private async Task<JsonDocument> PostJsonAsync(string path, HttpStatusCode expected, string? token, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, path))
        {
            Content = new StringContent(Encoding.UTF8.GetString(buffer.ToArray()), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return response.StatusCode == expected
            ? JsonDocument.Parse(body)
            : throw new BenchFailureException($"POST /{path} answered {(int)response.StatusCode} (expected {(int)expected}): {body}");
    }
}
