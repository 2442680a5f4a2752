using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Pipeline;

/// <summary>Every file of the corpus — good, odd, corrupt and fuzzed — goes through upload and the whole pipeline on one server.</summary>
public sealed class WholeCorpusTests
{
    [Fact]
    public async Task Every_corpus_file_is_processed_without_crashing_the_server_and_every_failure_says_why()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var files = Directory.EnumerateFiles(Uploads.CorpusRoot, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".tsv", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 300, $"expected the whole corpus at {Uploads.CorpusRoot}");

        var statuses = new Dictionary<HttpStatusCode, int>();
        foreach (var file in files)
        {
            var (status, _, body) = await client.UploadAsync(await File.ReadAllBytesAsync(file), Path.GetFileName(file));
            // 415: bytes that are no photo or video format (fuzzed and deliberately broken signatures; MediaSnifferTests checks which).
            Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{file}: {status} {body}");
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status == HttpStatusCode.UnsupportedMediaType)
            {
                var kind = CorpusManifest.Entry(Path.GetRelativePath(Uploads.CorpusRoot, file)).Kind;
                Assert.True(Unit.MediaSnifferTests.IsFuzzedOrBroken(kind), $"{file} ({kind}) is a real photo or video but was refused: {body}");
            }
        }
        await Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(15));

        Assert.Equal("pong", (await client.GetFromJsonAsync<JsonElement>("/api/v1/server/ping")).GetProperty("res").GetString());
        var queues = (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs")).EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
        Assert.Equal(0, queues["metadata"].GetProperty("failed").GetInt64()); // the reader never fails: it keeps what it could read
        var thumbnails = queues["thumbnails"];
        Assert.Equal(thumbnails.GetProperty("failed").GetInt64(), thumbnails.GetProperty("missing").GetInt64());
        Assert.True(thumbnails.GetProperty("eligible").GetInt64() - thumbnails.GetProperty("missing").GetInt64() > 250, thumbnails.ToString());
        var failures = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails/failed");
        Assert.All(failures.EnumerateArray(), f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("error").GetString())));
    }
}
