using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Pipeline;

/// <summary>
/// Every file of the corpus manifest — good, odd, corrupt and fuzzed — goes through upload and the whole pipeline on one
/// server, and ends as <c>corpus-outcomes.tsv</c> beside this file says: stored as an image or video with a thumbnail,
/// stored without one (and the failed job says why), or refused. Repeated bytes (SHA-1 by the BCL) come back as
/// duplicates of their first copy.
/// </summary>
public sealed class WholeCorpusTests
{
    [Fact]
    public async Task Every_corpus_file_ends_as_the_outcome_table_says()
    {
        var expected = CorpusOutcomes.Load();
        var files = CorpusManifest.All.Select(row => row.File).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 300, $"expected the whole corpus at {Uploads.CorpusRoot}");
        Assert.Empty(files.Except(expected.Keys)); // a new corpus file needs a row in corpus-outcomes.tsv
        Assert.Empty(expected.Keys.Except(files));
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);

        var uploads = await UploadAllAsync(client, files);
        await Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(15));
        var actual = await OutcomesAsync(client, uploads);

        var wrong = files.Where(f => actual[f].Outcome != expected[f].Outcome).ToList();
        Assert.True(wrong.Count == 0,
            $"{wrong.Count} files ended otherwise than corpus-outcomes.tsv says:\n{string.Join("\n", wrong.Select(f => $"  {f}: expected {expected[f].Outcome}, got {actual[f].Outcome} {actual[f].Detail}"))}\n"
            + $"The whole table as it came out is in {CorpusOutcomes.WriteActual(files.ToDictionary(f => f, f => (actual[f].Outcome, expected[f].Why)))}");
        // Images and videos without a thumbnail have a failed job that says why; "other" files get no thumbnail job at all.
        Assert.All(files.Where(f => expected[f].Outcome is "image-no-thumbnail" or "video-no-thumbnail"),
            f => Assert.False(string.IsNullOrWhiteSpace(actual[f].Detail), $"{f}: its failed thumbnail job gives no reason"));
        Assert.All(uploads.Where(u => u.Value.DuplicateOf is not null), u => Assert.Equal(uploads[u.Value.DuplicateOf!].Id, u.Value.Id));
        Assert.Equal("pong", (await client.GetFromJsonAsync<JsonElement>("/api/v1/server/ping")).GetProperty("res").GetString());
        var queues = (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs")).EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
        Assert.Equal(0, queues["metadata"].GetProperty("failed").GetInt64()); // the reader never fails: it keeps what it could read
    }

    private sealed record Upload(HttpStatusCode Status, string Id, string Body, string? DuplicateOf);

    private static async Task<Dictionary<string, Upload>> UploadAllAsync(HttpClient client, List<string> files)
    {
        var firstWithBytes = new Dictionary<string, string>(StringComparer.Ordinal);
        var uploads = new Dictionary<string, Upload>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(Uploads.CorpusFile(file));
            var sha1 = Convert.ToHexString(SHA1.HashData(bytes));
            var (status, id, body) = await client.UploadAsync(bytes, Path.GetFileName(file));
            uploads[file] = new Upload(status, id, body, firstWithBytes.GetValueOrDefault(sha1));
            firstWithBytes.TryAdd(sha1, file);
        }
        return uploads;
    }

    /// <summary>What became of each file: the outcome word of the table and what the server said about it.</summary>
    private static async Task<Dictionary<string, (string Outcome, string Detail)>> OutcomesAsync(HttpClient client, Dictionary<string, Upload> uploads)
    {
        var failures = (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails/failed")).EnumerateArray()
            .Where(f => f.GetProperty("assetId").ValueKind == JsonValueKind.String)
            .GroupBy(f => f.GetProperty("assetId").GetString()!)
            .ToDictionary(g => g.Key, g => g.First().GetProperty("error").GetString() ?? "");
        var outcomes = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (file, upload) in uploads)
        {
            var original = upload.DuplicateOf ?? file;
            if (upload.DuplicateOf is not null)
            {
                outcomes[file] = upload.Status == HttpStatusCode.OK ? outcomes[original] : ($"refused-{(int)upload.Status}", upload.Body);
                continue;
            }
            if (upload.Status != HttpStatusCode.Created)
            {
                outcomes[file] = ($"refused-{(int)upload.Status}", upload.Body);
                continue;
            }
            var asset = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{upload.Id}");
            var type = asset.GetProperty("type").GetString()!;
            outcomes[file] = asset.GetProperty("hasThumbnail").GetBoolean()
                ? (type, "")
                : ($"{type}-no-thumbnail", failures.GetValueOrDefault(upload.Id, ""));
        }
        return outcomes;
    }
}

/// <summary>
/// corpus-outcomes.tsv: one row per corpus file — <c>file</c>, <c>outcome</c> (image, video, image-no-thumbnail,
/// video-no-thumbnail, other-no-thumbnail, refused-415, refused-400) and <c>why</c>, required for every outcome but
/// image and video. Edit the rows when a deliberate change moves a file (e.g. uploads that refuse what is not media).
/// </summary>
public static class CorpusOutcomes
{
    public static string TablePath => Path.Combine(Uploads.RepoRoot, "tests", "PiVault.Tests", "Pipeline", "corpus-outcomes.tsv");

    public static Dictionary<string, (string Outcome, string Why)> Load()
    {
        var rows = File.ReadAllLines(TablePath).Skip(1).Where(line => line.Length > 0).Select(line => line.Split('\t')).ToList();
        Assert.All(rows, cells => Assert.True(cells.Length == 3 && (cells[1] is "image" or "video" || cells[2].Length > 0), $"bad row: {string.Join(" | ", cells)}"));
        return rows.ToDictionary(cells => cells[0], cells => (cells[1], cells[2]), StringComparer.Ordinal);
    }

    /// <summary>Writes what came out as a table of the same form (keeping the reasons given) and returns its path.</summary>
    public static string WriteActual(Dictionary<string, (string Outcome, string Why)> rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"corpus-outcomes-actual-{Guid.NewGuid():N}.tsv");
        var text = new StringBuilder("file\toutcome\twhy\n");
        foreach (var (file, (outcome, why)) in rows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.Append(file).Append('\t').Append(outcome).Append('\t').Append(why).Append('\n');
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
