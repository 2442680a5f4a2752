using PiVault.Bench.Upload;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PiVault.Bench.Load;

/// <summary>Every request's endpoint, status and time, for error counts and percentiles per endpoint.</summary>
internal sealed class LatencyLog
{
    private readonly List<(string Endpoint, int Status, double Ms)> entries = [];

    public void Add(string endpoint, int status, double ms)
    {
        lock (entries)
        {
            entries.Add((endpoint, status, ms));
        }
    }

    public List<EndpointStats> Summary()
    {
        lock (entries)
        {
            return entries.GroupBy(e => e.Endpoint).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
            {
                var ms = g.Select(e => e.Ms).Order().ToArray();
                return new EndpointStats(g.Key, ms.Length, g.Count(e => e.Status >= 500 || e.Status == 0), g.Count(e => e.Status is >= 400 and < 500),
                    Percentile(ms, 0.50), Percentile(ms, 0.95), ms[^1]);
            }).ToList();
        }
    }

    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>Errors: 5xx, timeouts and refused connections (status 0); 4xx are counted apart (none are expected).</summary>
internal sealed record EndpointStats(string Endpoint, int Requests, int Errors, int ClientErrors, double P50Ms, double P95Ms, double MaxMs);

/// <summary>One signed-in user: a session token (the sync stream needs a session) and the calls the bench makes.</summary>
internal sealed class UserClient(HttpClient http, string token, string userId, LatencyLog log)
{
    public string UserId { get; } = userId;

    public static async Task<UserClient> LoginAsync(HttpClient http, string email, string password, LatencyLog log)
    {
        using var response = await http.PostAsJsonAsync("api/v1/auth/login", new { email, password });
        var body = await Expect(response, HttpStatusCode.OK);
        return new UserClient(http, body.GetProperty("accessToken").GetString()!, body.GetProperty("user").GetProperty("id").GetString()!, log);
    }

    public async Task CreateUserAsync(string email, string password)
    {
        using var request = Request(HttpMethod.Post, "api/v1/admin/users", JsonContent.Create(new { email, name = email, password }));
        using var response = await http.SendAsync(request);
        await Expect(response, HttpStatusCode.Created);
    }

    /// <summary>Uploads through PiVault's API or Immich's; returns (status, asset id, "created"/"duplicate").</summary>
    public async Task<(int Status, string? Id, string? Result)> UploadAsync(Photo photo, bool immich, string deviceAssetId)
    {
        using var form = new MultipartFormDataContent();
        var created = photo.Taken.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in new[] { ("deviceAssetId", deviceAssetId), ("deviceId", "bench"), ("fileCreatedAt", created), ("fileModifiedAt", created) })
        {
            form.Add(new StringContent(value), name);
        }
        var file = new ByteArrayContent(photo.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, immich ? "assetData" : "file", photo.FileName);
        var endpoint = immich ? "POST /api/assets" : "POST /api/v1/assets";
        var (status, body) = await TimedAsync(endpoint, Request(HttpMethod.Post, immich ? "api/assets" : "api/v1/assets", form));
        return status is 200 or 201 && body is { } json
            ? (status, json.GetProperty("id").GetString(), json.GetProperty("status").GetString())
            : (status, null, null);
    }

    public async Task<List<string>> TimelineBucketsAsync()
    {
        var (_, body) = await TimedAsync("GET /api/v1/timeline/buckets", Request(HttpMethod.Get, "api/v1/timeline/buckets?view=timeline"));
        return body is { } json ? json.EnumerateArray().Select(b => b.GetProperty("timeBucket").GetString()!).ToList() : [];
    }

    public async Task<int> TimelineBucketAsync(string bucket)
    {
        var (_, body) = await TimedAsync("GET /api/v1/timeline/bucket",
            Request(HttpMethod.Get, $"api/v1/timeline/bucket?view=timeline&timeBucket={Uri.EscapeDataString(bucket)}"));
        return body is { } json && json.ValueKind == JsonValueKind.Array ? json.GetArrayLength() : 0;
    }

    public async Task SearchAsync(int page) =>
        await TimedAsync("POST /api/search/metadata", Request(HttpMethod.Post, "api/search/metadata", JsonContent.Create(new { page, size = 100 })));

    /// <summary>One sync stream over the asset types; returns its lines' acks of the last line per type and the line count.</summary>
    public async Task<(int Lines, List<string> Acks)> SyncAsync(string endpoint = "POST /api/sync/stream")
    {
        using var request = Request(HttpMethod.Post, "api/sync/stream", JsonContent.Create(new { types = new[] { "AssetsV1", "AssetExifsV1" } }));
        request.Headers.Accept.ParseAdd("application/jsonlines+json");
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            log.Add(endpoint, (int)response.StatusCode, clock.Elapsed.TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (0, []);
            }
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var lastAck = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line);
                var type = json.RootElement.GetProperty("type").GetString()!;
                if (type != "SyncCompleteV1")
                {
                    lastAck[type] = json.RootElement.GetProperty("ack").GetString()!;
                }
            }
            return (lines.Length, [.. lastAck.Values]);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            log.Add(endpoint, 0, clock.Elapsed.TotalMilliseconds);
            return (0, []);
        }
    }

    public async Task AckAsync(List<string> acks)
    {
        using var request = Request(HttpMethod.Post, "api/sync/ack", JsonContent.Create(new { acks }));
        using var response = await http.SendAsync(request);
        await Expect(response, HttpStatusCode.NoContent);
    }

    /// <summary>Every asset of this user: base64 SHA-1 → how many rows have it.</summary>
    public async Task<Dictionary<string, int>> ChecksumsAsync()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            using var response = await http.SendAsync(Request(HttpMethod.Get, $"api/v1/assets?page={page}&size=1000"));
            var body = await Expect(response, HttpStatusCode.OK);
            foreach (var item in body.GetProperty("items").EnumerateArray())
            {
                var sum = item.GetProperty("checksum").GetString()!;
                counts[sum] = counts.GetValueOrDefault(sum) + 1;
            }
            if (body.GetProperty("nextPage").ValueKind == JsonValueKind.Null)
            {
                return counts;
            }
        }
    }

    /// <summary>Jobs waiting or running over all queues, and failed ones, from the health API (needs an admin).</summary>
    public async Task<(long Open, long Failed)> JobsAsync()
    {
        using var response = await http.SendAsync(Request(HttpMethod.Get, "api/v1/system/health"));
        var body = await Expect(response, HttpStatusCode.OK);
        long open = 0, failed = 0;
        foreach (var queue in body.GetProperty("queues").EnumerateArray())
        {
            open += queue.GetProperty("pending").GetInt64() + queue.GetProperty("running").GetInt64();
            failed += queue.GetProperty("failed").GetInt64();
        }
        return (open, failed);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<(int Status, JsonElement? Body)> TimedAsync(string endpoint, HttpRequestMessage request)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            using (request)
            using (var response = await http.SendAsync(request))
            {
                var text = await response.Content.ReadAsStringAsync();
                log.Add(endpoint, (int)response.StatusCode, clock.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    if ((int)response.StatusCode >= 500)
                    {
                        Console.Error.WriteLine($"{endpoint}: {(int)response.StatusCode} {text}");
                    }
                    return ((int)response.StatusCode, null);
                }
                return ((int)response.StatusCode, text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.Clone());
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            log.Add(endpoint, 0, clock.Elapsed.TotalMilliseconds);
            Console.Error.WriteLine($"{endpoint}: {e.GetType().Name} {e.Message}");
            return (0, null);
        }
    }

    private static async Task<JsonElement> Expect(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new BenchFailureException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
