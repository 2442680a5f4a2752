using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Takeout;

namespace PiVault.Tests.Endpoints;

/// <summary>/api/v1/imports over real HTTP: the upload flow's wire shapes, the background run to "done", and the 4xx answers.</summary>
public sealed class TakeoutEndpointTests : ServerWithAdmin
{
    [Fact]
    public async Task Parts_uploaded_then_started_are_imported_in_the_background_and_reported()
    {
        var folder = TempDir.Create();
        try
        {
            var takeout = SyntheticTakeout.Build();
            var (zip, tgz) = takeout.WriteTo(folder);
            using var client = Server.Client(Admin);
            var created = await client.PostAsJsonAsync("/api/v1/imports", new { });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            foreach (var part in new[] { zip, tgz })
            {
                using var body = new StreamContent(File.OpenRead(part));
                var sent = await client.PostAsync($"/api/v1/imports/{id}/parts?name={Path.GetFileName(part)}", body);
                Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            }
            var started = await client.PostAsync($"/api/v1/imports/{id}/start", null);
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);

            var done = await WaitForStateAsync(client, id, "done");
            Assert.Equal(
                ["id", "ownerId", "source", "state", "error", "totalFiles", "totalBytes", "doneFiles", "doneBytes", "imported", "merged", "skipped",
                 "etaSeconds", "bytesPerSecond", "createdAt", "finishedAt", "parts"],
                done.EnumerateObject().Select(p => p.Name));
            Assert.Equal(takeout.DistinctFiles, done.GetProperty("imported").GetInt32());
            Assert.Equal([Path.GetFileName(zip), Path.GetFileName(tgz)], done.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Server.Options.DataDir, "imports"))); // the uploaded parts went once imported

            var report = await client.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{id}/report?outcome=skipped");
            Assert.Equal(takeout.Skipped.Count, report.GetProperty("total").GetInt32());
            Assert.Equal(["path", "kind", "outcome", "reason", "assetId"], report.GetProperty("lines")[0].EnumerateObject().Select(p => p.Name));
            var folders = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{id}/folders")).EnumerateArray().ToList();
            Assert.Equal(["folder", "isAlbum", "albumId", "albumName", "total", "imported", "merged", "skipped", "pending"],
                folders[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal([true, true, false, false, false], folders.Select(f => f.GetProperty("isAlbum").GetBoolean())); // album folders first; the two year folders and the root (its index page)
            var paris = folders.Single(f => f.GetProperty("folder").GetString() == SyntheticTakeout.ParisFolder);
            Assert.Equal(SyntheticTakeout.ParisTitle, paris.GetProperty("albumName").GetString());
            Assert.Equal(1, paris.GetProperty("imported").GetInt32() + paris.GetProperty("merged").GetInt32()); // the year folder's copy has the same bytes
            var vacation = folders.Single(f => f.GetProperty("folder").GetString() == SyntheticTakeout.VacationFolder);
            Assert.Equal(("Vacation", 1, 1), (vacation.GetProperty("albumName").GetString(), vacation.GetProperty("total").GetInt32(), vacation.GetProperty("imported").GetInt32()));
            Assert.All(folders.Where(f => !f.GetProperty("isAlbum").GetBoolean()), f => Assert.Equal(JsonValueKind.Null, f.GetProperty("albumId").ValueKind));
            Assert.Equal(done.GetProperty("totalFiles").GetInt32(), folders.Sum(f => f.GetProperty("total").GetInt32()));
            Assert.All(folders, f => Assert.Equal(0, f.GetProperty("pending").GetInt32()));
            var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/imports");
            Assert.Equal(id, list[0].GetProperty("id").GetString());
        }
        finally
        {
            TempDir.Delete(folder);
        }
    }

    [Fact]
    public async Task Bad_requests_get_problem_answers()
    {
        using var admin = Server.Client(Admin);
        var member = await Server.CreateUserAsync(Admin, "member@example.com");
        using var memberClient = Server.Client(member);

        var fromPath = await memberClient.PostAsJsonAsync("/api/v1/imports", new { paths = new[] { "/etc" } });
        Assert.Contains("admin", await fromPath.AssertProblemAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        var missing = await admin.PostAsJsonAsync("/api/v1/imports", new { paths = new[] { "/no/such/takeout.zip" } });
        await missing.AssertProblemAsync(HttpStatusCode.BadRequest);

        var id = (await (await admin.PostAsJsonAsync("/api/v1/imports", new { })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await (await admin.PostAsync($"/api/v1/imports/{id}/start", null)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await admin.GetAsync($"/api/v1/imports/{id}/report?outcome=everything")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await memberClient.GetAsync($"/api/v1/imports/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/api/v1/imports/{id}")).StatusCode);
        using var late = new ByteArrayContent([1, 2, 3]);
        await (await admin.PostAsync($"/api/v1/imports/{id}/parts", late)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    private static async Task<JsonElement> WaitForStateAsync(HttpClient client, string id, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var import = await client.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{id}");
            if (import.GetProperty("state").GetString() == state)
            {
                return import;
            }
            Assert.True(import.GetProperty("state").GetString() is not ("failed" or "cancelled"), import.ToString());
            Assert.True(DateTime.UtcNow < deadline, $"the import did not reach {state}: {import}");
            await Task.Delay(100);
        }
    }
}
