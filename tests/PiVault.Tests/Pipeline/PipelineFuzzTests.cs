using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiVault.Tests.Fuzz;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Pipeline;

/// <summary>
/// Mutated images uploaded to the real server and run through the real pipeline (metadata reader, RAW previews,
/// libvips): every job ends done or failed on its first attempt with the decoder's reason stored (a retry would mean an
/// exception nobody expected), no job runs past a time limit, the metadata step never fails, and serving each asset's
/// files answers 200 or a 404 problem that says why, never a 5xx.
/// </summary>
public sealed class PipelineFuzzTests : ServerWithAdmin
{
    private const int MutantsPerFile = 3;
    private static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Mutated_images_end_as_done_or_failed_with_a_reason_and_are_served_without_5xx()
    {
        using var client = Server.Client(Admin);
        var uploaded = new Dictionary<string, Mutant>(StringComparer.Ordinal);
        foreach (var file in FuzzCorpus.Images)
        {
            var original = await File.ReadAllBytesAsync(Uploads.CorpusFile(file));
            for (var i = 0; i < MutantsPerFile; i++)
            {
                var mutant = CorpusMutator.Mutate(original, Path.GetFileName(file), FuzzSeed.Of(file, i));
                var (status, id, body) = await client.UploadAsync(mutant.Bytes, mutant.FileName);
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{file}, {mutant}: {status} {body}");
                if (status == HttpStatusCode.Created)
                {
                    uploaded[id] = mutant;
                }
            }
        }
        Assert.True(uploaded.Count >= FuzzCorpus.Images.Length, $"only {uploaded.Count} mutants were stored");

        await WaitForJobsAsync(uploaded);

        var failures = await FailedThumbnailsAsync(client);
        foreach (var (id, mutant) in uploaded)
        {
            var asset = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}");
            var drawn = asset.GetProperty("hasThumbnail").GetBoolean();
            Assert.True(drawn || failures.ContainsKey(id), $"{mutant}: no thumbnail and no failed job");
            if (failures.TryGetValue(id, out var failure))
            {
                Assert.True(failure.Attempts == 1, $"{mutant}: the thumbnail job was retried ({failure.Attempts} attempts): {failure.Error}");
                Assert.False(string.IsNullOrWhiteSpace(failure.Error), $"{mutant}: failed without a reason");
            }
            await AssertServedAsync(client, id, drawn, mutant, Server.Options.DataDir);
        }
        var queues = (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs")).EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
        Assert.Equal(0, queues["metadata"].GetProperty("failed").GetInt64()); // the reader keeps what it could read
    }

    /// <summary>The admin's failed-job list keeps the decoder's whole text; what users are told names no server folder.</summary>
    private static async Task AssertServedAsync(HttpClient client, string id, bool drawn, Mutant mutant, string dataDir)
    {
        foreach (var path in new[] { "thumbnail", "thumbnail?size=preview" })
        {
            using var response = await client.GetAsync($"/api/v1/assets/{id}/{path}");
            if (drawn)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{mutant}: {path} answered {response.StatusCode}");
            }
            else
            {
                var detail = await response.AssertProblemAsync(HttpStatusCode.NotFound);
                Assert.Contains("No thumbnail can be made", detail, StringComparison.Ordinal);
                Assert.False(detail.Contains(dataDir, StringComparison.Ordinal), $"{mutant}: {detail}");
            }
        }
        Assert.Equal(mutant.Bytes, await client.GetByteArrayAsync($"/api/v1/assets/{id}/original"));
        using var metadata = await client.GetAsync($"/api/v1/assets/{id}/metadata");
        Assert.True(metadata.StatusCode == HttpStatusCode.OK, $"{mutant}: metadata answered {metadata.StatusCode}");
    }

    /// <summary>Until no job is pending or running; fails at once on a retry, and on a job that runs past <see cref="JobLimit"/>.</summary>
    private async Task WaitForJobsAsync(Dictionary<string, Mutant> uploaded)
    {
        var deadline = DateTime.UtcNow + JobLimit + TimeSpan.FromSeconds(60);
        using var db = new SqliteConnection($"Data Source={Server.Options.DatabasePath};Mode=ReadOnly;Pooling=False");
        db.Open();
        while (true)
        {
            using var command = db.CreateCommand();
            command.CommandText = "SELECT kind, asset_id, state, attempts, last_error FROM jobs WHERE state IN ('pending', 'running');";
            using var reader = command.ExecuteReader();
            var open = new List<string>();
            while (reader.Read())
            {
                var (kind, asset, state, attempts) = (reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
                var what = $"{kind} job of {uploaded.GetValueOrDefault(asset)?.ToString() ?? asset}";
                Assert.False(state == "pending" && attempts > 0, $"{what} is retried after: {(reader.IsDBNull(4) ? "" : reader.GetString(4))}");
                open.Add($"{what} ({state})");
            }
            if (open.Count == 0)
            {
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, $"jobs still open after {JobLimit}: {string.Join("; ", open)}");
            await Task.Delay(100);
        }
    }

    private static async Task<Dictionary<string, (int Attempts, string Error)>> FailedThumbnailsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails/failed")).EnumerateArray()
            .Where(f => f.GetProperty("assetId").ValueKind == JsonValueKind.String)
            .ToDictionary(f => f.GetProperty("assetId").GetString()!, f => (f.GetProperty("attempts").GetInt32(), f.GetProperty("error").GetString() ?? ""));
}
