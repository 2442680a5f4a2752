using PiVault.Bench.Upload;
using System.Diagnostics;
using System.Security.Cryptography;

namespace PiVault.Bench.Load;

/// <summary>
/// Many phones at once: <c>clients</c> uploaders (half through PiVault's API, half through Immich's), each belonging to
/// one of <c>users</c> users and sending <c>files</c> photos drawn from its user's pool so that several clients send
/// the same files; beside them <c>browsers</c> clients read the timeline, search and sync until the uploads end.
/// </summary>
internal static class Concurrency
{
    public sealed record Result(List<EndpointStats> Endpoints, int Uploads, int Distinct, int Created, int Duplicates, List<string> Violations, TimeSpan Wall);

    public static async Task<Result> RunAsync(HttpClient http, UserClient admin, JpegFactory jpegs, int clients, int files, int users, int browsers, LatencyLog log)
    {
        var people = new List<UserClient>();
        for (var u = 0; u < users; u++)
        {
            var email = $"load{u}@example.com";
            await admin.CreateUserAsync(email, Program.Password);
            people.Add(await UserClient.LoginAsync(http, email, Program.Password, log));
        }
        // Each user's pool holds half as many photos as its clients send in all: on average every photo is sent twice.
        var perUser = (int)Math.Ceiling(clients / (double)users);
        var pool = Math.Max(1, perUser * files / 2);
        var created = new System.Collections.Concurrent.ConcurrentDictionary<(int User, int Photo), int>();
        var sent = new System.Collections.Concurrent.ConcurrentDictionary<(int User, int Photo), byte>();
        var violations = new System.Collections.Concurrent.ConcurrentBag<string>();
        var uploadsDone = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();

        var readers = Enumerable.Range(0, browsers).Select(b => Task.Run(() => BrowseAsync(people[b % users], b, uploadsDone.Token))).ToList();
        var uploaders = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var user = c % users;
            var random = new Random(c);
            for (var f = 0; f < files; f++)
            {
                var photo = random.Next(pool);
                sent[(user, photo)] = 1;
                var (status, _, result) = await people[user].UploadAsync(jpegs.Make(user * 1_000_000 + photo), immich: c % 2 == 1, $"c{c}-f{f}");
                if (status is not (200 or 201))
                {
                    violations.Add($"client {c} upload {f}: status {status}");
                }
                else if (result == "created")
                {
                    created.AddOrUpdate((user, photo), 1, (_, n) => n + 1);
                }
            }
        })).ToList();
        await Task.WhenAll(uploaders);
        var wall = clock.Elapsed;
        await uploadsDone.CancelAsync();
        await Task.WhenAll(readers);

        // Exactly one asset per distinct photo per user: the server's listing against the checksums computed here.
        for (var u = 0; u < users; u++)
        {
            var onServer = await people[u].ChecksumsAsync();
            var expected = sent.Keys.Where(k => k.User == u).Select(k => Convert.ToBase64String(SHA1.HashData(jpegs.Make(u * 1_000_000 + k.Photo).Bytes))).ToHashSet();
            foreach (var (sum, count) in onServer.Where(p => p.Value != 1))
            {
                violations.Add($"user {u}: {count} assets with checksum {sum}");
            }
            if (!expected.SetEquals(onServer.Keys))
            {
                violations.Add($"user {u}: server has {onServer.Count} distinct checksums, {expected.Count} were sent ({expected.Except(onServer.Keys).Count()} missing, {onServer.Keys.Except(expected).Count()} unexpected)");
            }
        }
        foreach (var ((user, photo), count) in created.Where(p => p.Value != 1))
        {
            violations.Add($"user {user} photo {photo}: answered 'created' {count} times");
        }
        return new Result(log.Summary(), clients * files, sent.Count, created.Values.Sum(), clients * files - created.Values.Sum(), [.. violations], wall);
    }

    /// <summary>What a person with the web app or a phone open does meanwhile: timeline, a month, a search page, a sync.</summary>
    private static async Task BrowseAsync(UserClient user, int seed, CancellationToken stop)
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            var buckets = await user.TimelineBucketsAsync();
            if (buckets.Count > 0)
            {
                await user.TimelineBucketAsync(buckets[random.Next(buckets.Count)]);
            }
            await user.SearchAsync(1 + random.Next(2));
            var (_, acks) = await user.SyncAsync();
            if (acks.Count > 0 && random.Next(2) == 0)
            {
                await user.AckAsync(acks);
            }
        }
    }
}
