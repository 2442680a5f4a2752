using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using PiVault.Tests.Immich;
using PiVault.Tests.Infrastructure;
using static PiVault.Tests.Libraries.LibraryTestFolder;

namespace PiVault.Tests.Libraries;

/// <summary>
/// Export as a streamed ZIP and back: photos with dates, GPS and albums exported from one PiVault, unpacked, and indexed
/// by an empty second PiVault as a folder library (which reads the export's XMP sidecars) give the same bytes, dates,
/// places, albums, favourites, ratings and tags. And Immich's download endpoints: their wire shape, and that another user's asset is refused.
/// </summary>
public sealed class ExportTests
{
    private static readonly string[] Photos =
        ["exif-samples/jpg/gps/DSCN0012.jpg", "exif-samples/jpg/gps/DSCN0021.jpg", "exif-samples/jpg/Kodak_CX7530.jpg", "exif-samples/jpg/Canon_40D.jpg"];

    [Fact]
    public async Task An_export_indexed_by_an_empty_instance_gives_the_same_assets_dates_places_and_albums()
    {
        var unpacked = TempDir.Create();
        try
        {
            await using var source = await TestServer.StartAsync();
            using var from = source.Client(await source.BootstrapAdminAsync());
            var ids = new List<string>();
            foreach (var photo in Photos)
            {
                ids.Add((await from.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile(photo)), Path.GetFileName(photo))).Id);
            }
            await PostJsonAsync(from, "/api/v1/albums", new { name = "Trip", assetIds = new[] { ids[0], ids[1] } }, HttpStatusCode.Created);
            await PostJsonAsync(from, "/api/v1/albums", new { name = "Best of", assetIds = new[] { ids[1], ids[2] } }, HttpStatusCode.Created);
            Assert.Equal(HttpStatusCode.OK, (await from.PutAsJsonAsync($"/api/assets/{ids[0]}", new { isFavorite = true, rating = 4 })).StatusCode);
            var paris = (await PostJsonAsync(from, "/api/tags", new { name = "Places/Paris" }, HttpStatusCode.Created)).GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.OK, (await from.PutAsJsonAsync($"/api/tags/{paris}/assets", new { ids = new[] { ids[1], ids[0] } })).StatusCode);
            await WaitForIdleQueuesAsync(from);
            var expected = await FactsAsync(from);

            using (var response = await from.GetAsync("/api/v1/export", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
                Assert.Null(response.Content.Headers.ContentLength); // streamed, not staged
                using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
                var originals = zip.Entries.Where(e => !e.Name.EndsWith(".xmp", StringComparison.Ordinal)).ToList();
                Assert.Equal(Photos.Length, originals.Count);
                Assert.All(originals, e => Assert.Equal(e.Length, e.CompressedLength)); // stored, not deflated
                Assert.All(originals, e => Assert.NotNull(zip.GetEntry(e.FullName + ".xmp")));
                Assert.Matches(@"^\d{4}/\d{2}/", originals[0].FullName);
                zip.ExtractToDirectory(unpacked);
            }

            await using var target = await TestServer.StartAsync(o => o with { LibraryRoots = [unpacked], LibraryWatch = false });
            using var to = target.Client(await target.BootstrapAdminAsync());
            var library = (await PostJsonAsync(to, "/api/v1/libraries", new { importPaths = new[] { unpacked } }, HttpStatusCode.Created)).GetProperty("id").GetString()!;
            var report = await PostJsonAsync(to, $"/api/v1/libraries/{library}/scan", new { }, HttpStatusCode.OK);
            Assert.Equal(Photos.Length, report.GetProperty("added").GetInt32());
            await WaitForIdleQueuesAsync(to);
            var imported = await FactsAsync(to);

            Assert.Equal(expected.Keys.Order(), imported.Keys.Order()); // the same bytes
            foreach (var (sha, facts) in expected)
            {
                var other = imported[sha];
                Assert.Equal(facts.TakenAt, other.TakenAt);
                Assert.Equal(facts.Latitude is null, other.Latitude is null);
                Assert.Equal(facts.Latitude ?? 0, other.Latitude ?? 0, tolerance: 1e-6);
                Assert.Equal(facts.Longitude ?? 0, other.Longitude ?? 0, tolerance: 1e-6);
                Assert.Equal(facts.Albums, other.Albums);
                Assert.Equal((facts.Favorite, facts.Rating, facts.Tags), (other.Favorite, other.Rating, other.Tags));
            }
            Assert.Contains(expected.Values, f => f.Latitude is not null);
            Assert.Contains(expected.Values, f => f.Albums == "Best of|Trip");
            Assert.Contains(expected.Values, f => f is { Favorite: true, Rating: 4, Tags: "Places/Paris" });
            Assert.Single(expected.Values, f => f is { Favorite: false, Tags: "Places/Paris" });
        }
        finally
        {
            TempDir.Delete(unpacked);
        }
    }

    [Fact]
    public async Task Immich_download_info_and_archive_keep_the_sdk_shape_and_refuse_anothers_asset()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var other = await server.CreateUserAsync(admin, "other@example.com");
        using var a = server.Client(admin);
        using var b = server.Client(other);
        var first = (await a.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile(Photos[2])), "one.jpg")).Id;
        var second = (await a.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile(Photos[3])), "two.jpg")).Id;
        var theirs = (await b.UploadAsync(File.ReadAllBytes(Uploads.CorpusFile(Photos[2])), "theirs.jpg")).Id;

        var info = await PostJsonAsync(a, "/api/download/info", new { assetIds = new[] { first, second }, archiveSize = 1 }, HttpStatusCode.OK);
        ImmichSchema.Instance.AssertValid(info, "DownloadResponseDto");
        Assert.Equal(2, info.GetProperty("archives").GetArrayLength()); // one asset per archive at this size
        var whole = await PostJsonAsync(a, "/api/download/info", new { userId = admin.UserId }, HttpStatusCode.OK);
        ImmichSchema.Instance.AssertValid(whole, "DownloadResponseDto");
        Assert.Equal(
            new FileInfo(Uploads.CorpusFile(Photos[2])).Length + new FileInfo(Uploads.CorpusFile(Photos[3])).Length,
            whole.GetProperty("totalSize").GetInt64());

        var archive = await a.PostAsJsonAsync("/api/download/archive", new { assetIds = new[] { first, second } });
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        using (var zip = new ZipArchive(await archive.Content.ReadAsStreamAsync()))
        {
            var entry = zip.Entries.Single(e => e.Name == "one.jpg");
            await using var read = entry.Open();
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(File.ReadAllBytes(Uploads.CorpusFile(Photos[2])), copy.ToArray());
            Assert.Equal(4, zip.Entries.Count); // two originals, two sidecars
        }

        var foreign = await a.PostAsJsonAsync("/api/download/archive", new { assetIds = new[] { first, theirs } });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.True((await foreign.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("message", out _)); // Immich's error shape
        var foreignInfo = await b.PostAsJsonAsync("/api/download/info", new { assetIds = new[] { first } });
        Assert.Equal(HttpStatusCode.NotFound, foreignInfo.StatusCode);
        var wholeOfAnother = await b.PostAsJsonAsync("/api/download/info", new { userId = admin.UserId });
        Assert.Equal(HttpStatusCode.Forbidden, wholeOfAnother.StatusCode);
        var emptySelection = await a.PostAsJsonAsync("/api/download/archive", new { assetIds = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.BadRequest, emptySelection.StatusCode);
    }

    private sealed record Facts(DateTimeOffset TakenAt, double? Latitude, double? Longitude, string Albums, bool Favorite, int? Rating, string Tags);

    /// <summary>Each asset's capture time, place, album names, favourite mark, rating and tags, by the SHA-1 of its original's bytes.</summary>
    private static async Task<Dictionary<string, Facts>> FactsAsync(HttpClient client)
    {
        var albums = new Dictionary<string, List<string>>();
        foreach (var album in (await client.GetFromJsonAsync<JsonElement>("/api/v1/albums")).EnumerateArray())
        {
            var found = await PostJsonAsync(client, "/api/search/metadata", new { albumIds = new[] { album.GetProperty("id").GetString() } }, HttpStatusCode.OK);
            foreach (var asset in found.GetProperty("assets").GetProperty("items").EnumerateArray())
            {
                var id = asset.GetProperty("id").GetString()!;
                (albums.TryGetValue(id, out var names) ? names : albums[id] = []).Add(album.GetProperty("name").GetString()!);
            }
        }
        var result = new Dictionary<string, Facts>();
        foreach (var asset in (await AssetsByNameAsync(client)).Values)
        {
            var id = asset.GetProperty("id").GetString()!;
            var bytes = await client.GetByteArrayAsync($"/api/v1/assets/{id}/original");
            var metadata = await client.GetFromJsonAsync<JsonElement>($"/api/v1/assets/{id}/metadata");
            var immich = await client.GetFromJsonAsync<JsonElement>($"/api/assets/{id}");
            var rating = metadata.GetProperty("rating");
            var tags = immich.TryGetProperty("tags", out var list) ? list.EnumerateArray().Select(t => t.GetProperty("value").GetString()!).Order(StringComparer.Ordinal).ToList() : [];
            result[Convert.ToHexString(SHA1.HashData(bytes))] = new Facts(asset.GetProperty("takenAt").GetDateTimeOffset(),
                metadata.GetProperty("latitude").ValueKind == JsonValueKind.Number ? metadata.GetProperty("latitude").GetDouble() : null,
                metadata.GetProperty("longitude").ValueKind == JsonValueKind.Number ? metadata.GetProperty("longitude").GetDouble() : null,
                string.Join('|', (albums.TryGetValue(id, out var names) ? names : []).Order(StringComparer.Ordinal)),
                immich.GetProperty("isFavorite").GetBoolean(), rating.ValueKind == JsonValueKind.Number ? rating.GetInt32() : null, string.Join('|', tags));
        }
        return result;
    }
}
