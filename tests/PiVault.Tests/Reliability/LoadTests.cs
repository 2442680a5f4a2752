using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using PiVault.Tests.Immich;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Reliability;

/// <summary>
/// The CI-sized cut of bench/reliability/load: many clients upload at once, several sending the same photos, through
/// both APIs, while others read the timeline, search and sync. Only the invariants are asserted, never timings: no
/// server error, every upload answered 200/201, exactly one asset per distinct photo per user and one "created" each.
/// </summary>
public sealed class LoadTests : ServerWithAdmin
{
    private const int Clients = 30;
    private const int FilesPerClient = 3;
    private const int Users = 3;
    private const int Browsers = 4;

    [Fact]
    public async Task Concurrent_uploads_with_duplicates_beside_browsing_searching_and_syncing_keep_one_asset_per_photo_per_user()
    {
        var users = new List<HttpClient>();
        for (var u = 0; u < Users; u++)
        {
            users.Add(Server.Client(await Server.CreateUserAsync(Admin, $"load{u}@example.com")));
        }
        // Each user's clients draw from a pool half the size of what they send: most photos arrive twice or more.
        var pool = Clients / Users * FilesPerClient / 2;
        var created = new ConcurrentDictionary<(int User, int Photo), int>();
        var sent = new ConcurrentDictionary<(int User, int Photo), byte>();
        var failures = new ConcurrentBag<string>();
        using var uploadsDone = new CancellationTokenSource();

        var readers = Enumerable.Range(0, Browsers).Select(b => Task.Run(() => BrowseAsync(users[b % Users], failures, () => uploadsDone.IsCancellationRequested))).ToList();
        var uploaders = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var user = c % Users;
            var random = new Random(c);
            for (var f = 0; f < FilesPerClient; f++)
            {
                var photo = random.Next(pool);
                sent[(user, photo)] = 1;
                var (status, result) = await UploadAsync(users[user], Photo(user, photo), immich: c % 2 == 1, $"c{c}-{f}");
                if (status is not (HttpStatusCode.OK or HttpStatusCode.Created))
                {
                    failures.Add($"client {c} upload {f}: {status} {result}");
                }
                else if (result == "created")
                {
                    created.AddOrUpdate((user, photo), 1, (_, n) => n + 1);
                }
            }
        })).ToList();
        await Task.WhenAll(uploaders);
        await uploadsDone.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Empty(failures);
        for (var u = 0; u < Users; u++)
        {
            var expected = sent.Keys.Where(k => k.User == u).Select(k => Convert.ToBase64String(Sha1(Photo(u, k.Photo)))).Order().ToList();
            var onServer = (await AssetChecksumsAsync(users[u])).Order().ToList();
            Assert.Equal(expected, onServer); // exactly one asset per distinct photo: no duplicates, none missing
            Assert.All(sent.Keys.Where(k => k.User == u), k => Assert.Equal(1, created.GetValueOrDefault(k)));
        }
    }

#pragma warning disable CA5350 // SHA-1 is the checksum Immich clients and PiVault use to identify files, not a security measure
    private static byte[] Sha1(byte[] bytes) => SHA1.HashData(bytes);
#pragma warning restore CA5350

    private static byte[] Photo(int user, int photo) => GeneratedJpeg.Make(1000 * user + photo);

    private static async Task<(HttpStatusCode Status, string Result)> UploadAsync(HttpClient client, byte[] bytes, bool immich, string deviceAssetId)
    {
        using var form = immich ? ImmichClient.MobileUpload(bytes, $"{deviceAssetId}.jpg", deviceAssetId) : Uploads.Form(bytes, $"{deviceAssetId}.jpg");
        var response = await client.PostAsync(immich ? "/api/assets" : "/api/v1/assets", form);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? (response.StatusCode, JsonDocument.Parse(body).RootElement.GetProperty("status").GetString()!)
            : (response.StatusCode, body);
    }

    /// <summary>What an open web app or phone does meanwhile; any answer other than 200 is a failure.</summary>
    private static async Task BrowseAsync(HttpClient client, ConcurrentBag<string> failures, Func<bool> done)
    {
        var round = 0;
        while (!done() || round == 0)
        {
            round++;
            var buckets = await Read(client.GetAsync("/api/v1/timeline/buckets"), "buckets", failures);
            foreach (var bucket in buckets?.EnumerateArray().Take(1) ?? [])
            {
                await Read(client.GetAsync($"/api/v1/timeline/bucket?timeBucket={Uri.EscapeDataString(bucket.GetProperty("timeBucket").GetString()!)}"), "bucket", failures);
            }
            await Read(client.PostAsJsonAsync("/api/search/metadata", new { page = 1, size = 50 }), "search", failures);
            using var sync = new HttpRequestMessage(HttpMethod.Post, "/api/sync/stream") { Content = JsonContent.Create(new { types = new[] { "AssetsV1" } }) };
            var response = await client.SendAsync(sync);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK || !text.TrimEnd().EndsWith('}'))
            {
                failures.Add($"sync: {response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            }
        }
    }

    private static async Task<JsonElement?> Read(Task<HttpResponseMessage> call, string what, ConcurrentBag<string> failures)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            failures.Add($"{what}: {response.StatusCode} {text}");
            return null;
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<List<string>> AssetChecksumsAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/assets?page=1&size=1000");
        return page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("checksum").GetString()!).ToList();
    }
}
