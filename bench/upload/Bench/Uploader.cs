using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PiVault.Bench.Upload;

/// <summary>
/// Sends files as <c>multipart/form-data</c> (one part named <c>file</c>, streamed from disk with a known
/// Content-Length), from N concurrent clients that share one connection pool and take the next file from a common
/// queue. Every response must be 201 with <c>"status":"created"</c>; anything else fails the run.
/// </summary>
internal static class Uploader
{
    private const int StreamBufferBytes = 256 * 1024;

    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = 64,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromMinutes(10),
    };

    /// <returns>Wall time from the first request to the last response, and the asset id each file got.</returns>
    public static async Task<(TimeSpan Elapsed, string[] Ids)> UploadAllAsync(HttpClient http, Uri endpoint, string? apiKey, IReadOnlyList<string> files, int clients)
    {
        var ids = new string[files.Count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < files.Count)
            {
                ids[i] = await UploadOneAsync(http, endpoint, apiKey, files[i]);
            }
        })).ToArray();
        await Task.WhenAll(workers);
        return (clock.Elapsed, ids);
    }

    public static async Task<string> UploadOneAsync(HttpClient http, Uri endpoint, string? apiKey, string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new MultipartFormDataContent();
        var file = new StreamContent(stream, StreamBufferBytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(file, "file", Path.GetFileName(path));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        if (apiKey is not null)
        {
            request.Headers.Add("x-api-key", apiKey);
        }
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new BenchFailureException($"Upload of {Path.GetFileName(path)} to {endpoint} answered {(int)response.StatusCode} (expected 201): {body}");
        }
        using var json = JsonDocument.Parse(body);
        var status = json.RootElement.TryGetProperty("status", out var s) ? s.GetString() : null;
        var id = json.RootElement.TryGetProperty("id", out var i) ? i.GetString() : null;
        return status == "created" && !string.IsNullOrEmpty(id)
            ? id
            : throw new BenchFailureException($"Upload of {Path.GetFileName(path)} answered 201 but not status \"created\" with an id: {body}");
    }
}
