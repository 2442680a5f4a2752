using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Immich;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Libraries.LibraryTestFolder;

namespace PiVault.Tests.Libraries;

/// <summary>
/// Folder libraries over real HTTP: a folder of corpus photos indexed in place, then changed between rescans (a file added,
/// one rewritten, one moved, one deleted and brought back), with a fingerprint of every file's bytes and time taken before
/// and after each scan and after the thumbnails and the rest of the pipeline ran: PiVault never writes to the folder.
/// </summary>
public sealed class FolderLibraryTests : IAsyncLifetime
{
    private readonly string root = TempDir.Create();
    private TestServer server = null!;
    private Credential admin = null!;

    private string Photos => Path.Combine(root, "photos");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Photos);
        server = await TestServer.StartAsync(o => o with { LibraryRoots = [root], LibraryWatch = false });
        admin = await server.BootstrapAdminAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        TempDir.Delete(root);
    }

    [Fact]
    public async Task Rescans_pick_up_added_changed_moved_and_deleted_files_and_never_write_to_the_folder()
    {
        CopyCorpus("exif-samples/jpg/gps/DSCN0012.jpg", Path.Combine(Photos, "a.jpg"));
        CopyCorpus("exif-samples/jpg/gps/DSCN0021.jpg", Path.Combine(Photos, "b.jpg"));
        File.WriteAllText(Path.Combine(Photos, "b.jpg.xmp"), Sidecar("From the sidecar", "10,30.0000N", "20,15.0000E"));
        CopyCorpus("exif-samples/jpg/Kodak_CX7530.jpg", Path.Combine(Photos, "sub", "c.jpg"));
        CopyCorpus("exif-samples/jpg/gps/DSCN0027.jpg", Path.Combine(Photos, "@eaDir", "excluded.jpg"));
        File.WriteAllText(Path.Combine(Photos, "notes.txt"), "not a photo");
        File.WriteAllText(Path.Combine(Photos, "fake.jpg"), "named like a photo, but these bytes are text");
        using var client = server.Client(admin);
        var library = (await PostJsonAsync(client, "/api/v1/libraries", new { name = "Old photos", importPaths = new[] { Photos + "/" } }, HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

        var before = Fingerprint(root);
        var first = await ScanAsync(client, library);
        Assert.Equal((3, 0, 0, 0, 1), (first.Added, first.Changed, first.Renamed, first.Offline, first.Skipped));
        await WaitForIdleQueuesAsync(client);
        Assert.Equal(before, Fingerprint(root)); // indexing, metadata, thumbnails and ML read only
        var assets = await AssetsByNameAsync(client);
        Assert.Equal(["a.jpg", "b.jpg", "c.jpg"], assets.Keys.Order());
        Assert.All(assets.Values, a => Assert.True(a.GetProperty("hasThumbnail").GetBoolean()));
        var sidecarSaid = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{assets["b.jpg"].GetProperty("id").GetString()}/metadata");
        Assert.Equal("From the sidecar", sidecarSaid.GetProperty("description").GetString());
        Assert.Equal(10.5, sidecarSaid.GetProperty("latitude").GetDouble(), 6);
        Assert.Equal(20.25, sidecarSaid.GetProperty("longitude").GetDouble(), 6);
        var original = await client.GetByteArrayAsync($"/api/v1/assets/{assets["a.jpg"].GetProperty("id").GetString()}/original");
        Assert.Equal(File.ReadAllBytes(Path.Combine(Photos, "a.jpg")), original);

        Directory.CreateDirectory(Path.Combine(Photos, "moved"));
        File.Move(Path.Combine(Photos, "a.jpg"), Path.Combine(Photos, "moved", "a-renamed.jpg"));
        File.Copy(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0040.jpg"), Path.Combine(Photos, "sub", "c.jpg"), overwrite: true);
        File.SetLastWriteTimeUtc(Path.Combine(Photos, "sub", "c.jpg"), new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.Move(Path.Combine(Photos, "b.jpg"), Path.Combine(root, "b.jpg.away")); // outside the import path: gone
        CopyCorpus("exif-samples/jpg/gps/DSCN0042.jpg", Path.Combine(Photos, "d.jpg"), new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var changed = Fingerprint(root);
        var second = await ScanAsync(client, library);
        Assert.Equal((1, 1, 1, 1, 0), (second.Added, second.Changed, second.Renamed, second.Offline, second.Returned));
        await WaitForIdleQueuesAsync(client);
        Assert.Equal(changed, Fingerprint(root));

        var now = await AssetsByNameAsync(client);
        Assert.Equal(assets["a.jpg"].GetProperty("id").GetString(), now["a-renamed.jpg"].GetProperty("id").GetString()); // moved, same asset
        Assert.False(now.ContainsKey("a.jpg"));
        Assert.True(now["b.jpg"].GetProperty("isTrashed").GetBoolean()); // gone: offline, in the trash
        Assert.Equal(new FileInfo(Path.Combine(Photos, "sub", "c.jpg")).Length, now["c.jpg"].GetProperty("fileSize").GetInt64());
        Assert.Equal(assets["c.jpg"].GetProperty("id").GetString(), now["c.jpg"].GetProperty("id").GetString());
        var reread = await client.GetByteArrayAsync($"/api/v1/assets/{now["c.jpg"].GetProperty("id").GetString()}/original");
        Assert.Equal(File.ReadAllBytes(Path.Combine(Photos, "sub", "c.jpg")), reread);
        Assert.False(now["d.jpg"].GetProperty("isTrashed").GetBoolean());
        var missing = await client.GetAsync($"/api/v1/assets/{now["b.jpg"].GetProperty("id").GetString()}/original");
        await missing.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        var bId = now["b.jpg"].GetProperty("id").GetString();
        Assert.True((await client.GetFromJsonAsync<JsonElement>($"/api/assets/{bId}")).GetProperty("isOffline").GetBoolean()); // as Immich's app shows it
        Assert.False((await client.GetFromJsonAsync<JsonElement>($"/api/assets/{now["d.jpg"].GetProperty("id").GetString()}")).GetProperty("isOffline").GetBoolean());

        File.Move(Path.Combine(root, "b.jpg.away"), Path.Combine(Photos, "b.jpg"));
        var third = await ScanAsync(client, library);
        Assert.Equal((0, 0, 0, 0, 1), (third.Added, third.Changed, third.Renamed, third.Offline, third.Returned));
        var back = await AssetsByNameAsync(client);
        Assert.False(back["b.jpg"].GetProperty("isTrashed").GetBoolean());
        Assert.False((await client.GetFromJsonAsync<JsonElement>($"/api/assets/{bId}")).GetProperty("isOffline").GetBoolean());
        Assert.Equal(assets["b.jpg"].GetProperty("id").GetString(), back["b.jpg"].GetProperty("id").GetString());

        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/libraries/{library}/statistics");
        Assert.Equal(4, stats.GetProperty("photos").GetInt64());
        var removed = Fingerprint(root);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/libraries/{library}")).StatusCode);
        Assert.Empty(await AssetsByNameAsync(client));
        Assert.Equal(removed, Fingerprint(root)); // removing the library leaves every file where it was
    }

    [Fact]
    public async Task Paths_outside_the_roots_missing_relative_or_unreadable_are_refused_with_400()
    {
        var outside = TempDir.Create();
        try
        {
            using var client = server.Client(admin);
            async Task<string> RefusedAsync(string path)
            {
                var response = await client.PostAsJsonAsync("/api/v1/libraries", new { importPaths = new[] { path } });
                return await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            }
            Assert.Contains("outside", await RefusedAsync(outside));
            Assert.Contains("does not exist", await RefusedAsync(Path.Combine(root, "nowhere")));
            Assert.Contains("absolute", await RefusedAsync("photos"));
            File.CreateSymbolicLink(Path.Combine(root, "link-out"), outside);
            Assert.Contains("outside", await RefusedAsync(Path.Combine(root, "link-out")));
            var locked = Directory.CreateDirectory(Path.Combine(root, "locked")).FullName;
            Assert.True(OperatingSystem.IsLinux(), "PiVault runs on Linux");
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(locked, UnixFileMode.None);
                if (!CanList(locked)) // root reads everything: then there is nothing to refuse
                {
                    Assert.Contains("may not read", await RefusedAsync(locked));
                }
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var immich = await client.PostAsJsonAsync("/api/libraries", new { ownerId = admin.UserId, importPaths = new[] { outside } });
            Assert.Equal(HttpStatusCode.BadRequest, immich.StatusCode);
            var body = await immich.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("outside", body.GetProperty("message").GetString());
            Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/libraries") ?? []);
        }
        finally
        {
            TempDir.Delete(outside);
        }
    }

    [Fact]
    public async Task The_Immich_library_api_answers_in_the_sdk_schema()
    {
        CopyCorpus("exif-samples/jpg/Kodak_CX7530.jpg", Path.Combine(Photos, "one.jpg"));
        using var client = server.Client(admin);
        var schema = ImmichSchema.Instance;
        var created = await PostJsonAsync(client, "/api/libraries", new { ownerId = admin.UserId, name = "NAS", importPaths = new[] { Photos } }, HttpStatusCode.Created);
        schema.AssertValid(created, "LibraryResponseDto");
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal(LibraryDefaults, created.GetProperty("exclusionPatterns").EnumerateArray().Select(e => e.GetString()).ToArray());
        foreach (var library in (await client.GetFromJsonAsync<JsonElement>("/api/libraries")).EnumerateArray())
        {
            schema.AssertValid(library, "LibraryResponseDto");
        }
        var updated = await client.PutAsJsonAsync($"/api/libraries/{id}", new { name = "NAS photos", exclusionPatterns = new[] { "**/skip/**" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var updatedBody = await updated.Content.ReadFromJsonAsync<JsonElement>();
        schema.AssertValid(updatedBody, "LibraryResponseDto");
        Assert.Equal("NAS photos", updatedBody.GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/libraries/{id}/scan", null)).StatusCode);
        await ScanAsync(client, id); // PiVault's own scan waits for the queued one (one scan at a time) and answers with counts
        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/libraries/{id}/statistics");
        schema.AssertValid(stats, "LibraryStatsResponseDto");
        Assert.Equal((1, 1), (stats.GetProperty("photos").GetInt64(), stats.GetProperty("total").GetInt64()));
        var validated = await PostJsonAsync(client, $"/api/libraries/{id}/validate", new { importPaths = new[] { Photos, "/etc" } }, HttpStatusCode.OK);
        schema.AssertValid(validated, "ValidateLibraryResponseDto");
        var checks = validated.GetProperty("importPaths").EnumerateArray().ToList();
        Assert.True(checks[0].GetProperty("isValid").GetBoolean());
        Assert.False(checks[1].GetProperty("isValid").GetBoolean());
        Assert.Contains("outside", checks[1].GetProperty("message").GetString());

        var foreign = await client.GetAsync($"/api/libraries/{Guid.CreateVersion7()}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/libraries/{id}")).StatusCode);
        Assert.True(File.Exists(Path.Combine(Photos, "one.jpg")));
    }

    [Fact]
    public async Task A_watched_folder_is_scanned_soon_after_a_file_arrives()
    {
        await using var watching = await TestServer.StartAsync(o => o with { LibraryRoots = [root], LibraryWatch = true });
        var owner = await watching.BootstrapAdminAsync();
        using var client = watching.Client(owner);
        await PostJsonAsync(client, "/api/v1/libraries", new { importPaths = new[] { Photos } }, HttpStatusCode.Created);
        CopyCorpus("exif-samples/jpg/Kodak_CX7530.jpg", Path.Combine(Photos, "arrived.jpg"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!(await AssetsByNameAsync(client)).ContainsKey("arrived.jpg"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the watcher did not scan the library after a file arrived");
            await Task.Delay(200);
        }
    }

    private static readonly string[] LibraryDefaults = ["**/@eaDir/**", "**/._*", "**/#recycle/**", "**/#snapshot/**"];

    private sealed record Report(int Added, int Changed, int Renamed, int Offline, int Returned, int Skipped);

    private static async Task<Report> ScanAsync(HttpClient client, string library)
    {
        var body = await PostJsonAsync(client, $"/api/v1/libraries/{library}/scan", new { }, HttpStatusCode.OK);
        return new Report(body.GetProperty("added").GetInt32(), body.GetProperty("changed").GetInt32(), body.GetProperty("renamed").GetInt32(),
            body.GetProperty("offline").GetInt32(), body.GetProperty("returned").GetInt32(), body.GetProperty("skipped").GetInt32());
    }

    private static bool CanList(string path)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(path).Any();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Sidecar(string description, string latitude, string longitude) =>
        $"""
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
              exif:GPSLatitude="{latitude}" exif:GPSLongitude="{longitude}">
            <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{description}</rdf:li></rdf:Alt></dc:description>
          </rdf:Description>
        </rdf:RDF></x:xmpmeta>
        """;
}
