using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Immich;

/// <summary>The stock Immich CLI 3.2.2 against PiVault on 127.0.0.1: login, server-info, upload, re-upload, --skip-hash, --json-output, --album, --album-name.</summary>
public sealed class ImmichCliTests : IAsyncLifetime
{
    private static readonly string[] CorpusPhotos =
    [
        "exif-orientation-examples/Landscape_1.jpg", "exif-orientation-examples/Landscape_2.jpg", "exif-orientation-examples/Portrait_3.jpg",
        "mei/heic/cheers_1440x960.heic", "mei/heic/Issue_263_dotnet.heic",
    ];

    private TestServer server = null!;
    private Credential admin = null!;
    private string work = null!;
    private ImmichCli cli = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync();
        admin = await server.BootstrapAdminAsync();
        work = TempDir.Create();
        cli = new ImmichCli(Path.Combine(work, "config"));
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        TempDir.Delete(work);
    }

    [Fact]
    public async Task The_real_cli_logs_in_shows_server_info_uploads_and_recognises_every_duplicate()
    {
        var photos = CopyPhotos();
        var key = await server.CreateApiKeyAsync(admin, "all");

        var login = await cli.RunAsync("login", server.BaseAddress.ToString().TrimEnd('/'), key.Secret);
        Assert.True(login.Exit == 0, login.Output + login.Errors);
        Assert.Contains("Discovered API at", login.Output);
        Assert.Contains($"Logged in as {TestServer.AdminEmail}", login.Output);

        var info = await cli.RunAsync("server-info");
        Assert.True(info.Exit == 0, info.Output + info.Errors);
        Assert.Contains("Version: 3.2.2", info.Output);
        Assert.Contains("heic", info.Output);

        // First upload: every file is new, and each reported asset holds exactly that file's bytes.
        var first = await cli.RunAsync("upload", "--recursive", "--json-output", Path.Combine(work, "photos"));
        Assert.True(first.Exit == 0, first.Output + first.Errors);
        var firstJson = ImmichCli.JsonOutput(first.Output);
        Assert.Equal(photos.Count, firstJson.GetProperty("newFiles").GetArrayLength());
        Assert.Equal(0, firstJson.GetProperty("duplicates").GetArrayLength());
        var newAssets = firstJson.GetProperty("newAssets").EnumerateArray()
            .ToDictionary(a => a.GetProperty("filepath").GetString()!, a => a.GetProperty("id").GetString()!);
        Assert.Equal(photos.Order(), newAssets.Keys.Order());
        using var client = server.Client(admin);
        foreach (var (path, id) in newAssets)
        {
            var asset = await client.GetFromJsonAsync<JsonElement>($"/api/assets/{id}");
            Assert.Equal(Convert.ToBase64String(SHA1.HashData(File.ReadAllBytes(path))), asset.GetProperty("checksum").GetString());
            Assert.Equal(Path.GetFileName(path), asset.GetProperty("originalFileName").GetString());
        }
        Assert.Equal(photos.Count, await AssetCountAsync());
        var libraryFiles = server.LibraryFiles().Length;
        Assert.Equal(photos.Count, libraryFiles);

        // Re-upload: the bulk check rejects every file as a duplicate of its asset; nothing is sent or stored.
        var again = await cli.RunAsync("upload", "--recursive", "--json-output", Path.Combine(work, "photos"));
        Assert.True(again.Exit == 0, again.Output + again.Errors);
        Assert.Contains($"Found 0 new files and {photos.Count} duplicates", again.Output);
        Assert.Contains("All assets were already uploaded, nothing to do.", again.Output);
        var againJson = ImmichCli.JsonOutput(again.Output);
        Assert.Equal(0, againJson.GetProperty("newFiles").GetArrayLength());
        Assert.Equal(0, againJson.GetProperty("newAssets").GetArrayLength());
        var duplicates = againJson.GetProperty("duplicates").EnumerateArray()
            .ToDictionary(d => d.GetProperty("filepath").GetString()!, d => d.GetProperty("id").GetString()!);
        Assert.Equal(newAssets.OrderBy(p => p.Key), duplicates.OrderBy(p => p.Key));
        Assert.Equal(photos.Count, await AssetCountAsync());
        Assert.Equal(libraryFiles, server.LibraryFiles().Length);

        // --skip-hash: no bulk check, every file is posted, and the server itself answers "duplicate".
        var skipHash = await cli.RunAsync("upload", "--recursive", "--skip-hash", Path.Combine(work, "photos"));
        Assert.True(skipHash.Exit == 0, skipHash.Output + skipHash.Errors);
        Assert.Contains("Skipping hash check", skipHash.Output);
        Assert.Contains("Successfully uploaded 0 new assets", skipHash.Output);
        Assert.Contains($"Skipped {photos.Count} duplicate assets", skipHash.Output);
        Assert.DoesNotContain("Failed to upload", skipHash.Output + skipHash.Errors);
        Assert.Equal(photos.Count, await AssetCountAsync());
        Assert.Equal(libraryFiles, server.LibraryFiles().Length);
        Assert.Empty(Directory.EnumerateFiles(server.LibraryTempDir));
    }

    [Fact]
    public async Task An_upload_through_the_cli_is_the_same_asset_as_one_from_pivaults_own_api()
    {
        var photos = CopyPhotos();
        var key = await server.CreateApiKeyAsync(admin, "asset.upload", "user.read");
        var upload = await cli.RunAsync("upload", "--recursive", "--json-output", "-u", server.BaseAddress + "api", "-k", key.Secret, Path.Combine(work, "photos"));
        Assert.True(upload.Exit == 0, upload.Output + upload.Errors);
        var created = ImmichCli.JsonOutput(upload.Output).GetProperty("newAssets").EnumerateArray().First();

        using var client = server.Client(admin);
        var bytes = await File.ReadAllBytesAsync(created.GetProperty("filepath").GetString()!);
        var (status, id, result) = await client.UploadAsync(bytes, "renamed.jpg");
        Assert.Equal((System.Net.HttpStatusCode.OK, "duplicate"), (status, result));
        Assert.Equal(created.GetProperty("id").GetString(), id);
        Assert.Equal(photos.Count, await AssetCountAsync());
    }

    [Fact]
    public async Task Upload_with_album_options_creates_the_albums_and_fills_them_with_new_photos_and_duplicates()
    {
        var trip = CopyPhotos("Trip", CorpusPhotos[..3]);
        var home = CopyPhotos("Home", CorpusPhotos[3..]);
        var key = await server.CreateApiKeyAsync(admin, "asset.upload", "user.read", "album.read", "album.create", "albumAsset.create");
        string[] connect = ["-u", server.BaseAddress + "api", "-k", key.Secret];

        // --album: one album per parent folder, holding that folder's photos.
        var byFolder = await cli.RunAsync(["upload", "--recursive", "--album", "--json-output", .. connect, Path.Combine(work, "photos")]);
        Assert.True(byFolder.Exit == 0, byFolder.Output + byFolder.Errors);
        Assert.Contains("Successfully created 2 new albums", byFolder.Output);
        Assert.DoesNotContain("Error", byFolder.Output + byFolder.Errors, StringComparison.OrdinalIgnoreCase);
        var ids = ImmichCli.JsonOutput(byFolder.Output).GetProperty("newAssets").EnumerateArray()
            .ToDictionary(a => a.GetProperty("filepath").GetString()!, a => a.GetProperty("id").GetString()!);
        var albums = await AlbumsAsync();
        Assert.Equal(["Home", "Trip"], albums.Keys.Order());
        Assert.Equal(trip.Select(p => ids[p]).Order(), await AlbumAssetIdsAsync(albums["Trip"]));
        Assert.Equal(home.Select(p => ids[p]).Order(), await AlbumAssetIdsAsync(albums["Home"]));

        // --album-name: every file is a duplicate now, and still goes into the one named album (by the bulk check's assetId).
        var named = await cli.RunAsync(["upload", "--recursive", "--album-name", "Everything", .. connect, Path.Combine(work, "photos")]);
        Assert.True(named.Exit == 0, named.Output + named.Errors);
        Assert.Contains("Found 0 new files and 5 duplicates", named.Output);
        Assert.Contains("Successfully created 1 new album", named.Output);
        albums = await AlbumsAsync();
        Assert.Equal(["Everything", "Home", "Trip"], albums.Keys.Order());
        Assert.Equal(ids.Values.Order(), await AlbumAssetIdsAsync(albums["Everything"]));

        // Again with --album: the folder albums exist, so none is created and their contents stay as they are.
        var again = await cli.RunAsync(["upload", "--recursive", "--album", .. connect, Path.Combine(work, "photos")]);
        Assert.True(again.Exit == 0, again.Output + again.Errors);
        Assert.Contains("Successfully created 0 new albums", again.Output);
        Assert.Equal(3, (await AlbumsAsync()).Count);
        Assert.Equal(trip.Select(p => ids[p]).Order(), await AlbumAssetIdsAsync(albums["Trip"]));
        Assert.Equal(5, await AssetCountAsync());
    }

    [Fact]
    public async Task A_wrong_key_makes_login_fail()
    {
        var login = await cli.RunAsync("login", server.BaseAddress.ToString(), "pv_not-a-key");
        Assert.NotEqual(0, login.Exit);
        Assert.Contains("401", login.Output + login.Errors);
    }

    private List<string> CopyPhotos(string album = "Trip", string[]? corpusPhotos = null)
    {
        var folder = Path.Combine(work, "photos", album);
        Directory.CreateDirectory(folder);
        return (corpusPhotos ?? CorpusPhotos).Select(p =>
        {
            var target = Path.Combine(folder, Path.GetFileName(p));
            File.Copy(Uploads.CorpusFile(p), target);
            return target;
        }).ToList();
    }

    /// <summary>The admin's albums by name, through PiVault's own API.</summary>
    private async Task<Dictionary<string, string>> AlbumsAsync()
    {
        using var client = server.Client(admin);
        var albums = await client.GetFromJsonAsync<JsonElement>("/api/v1/albums");
        return albums.EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!, a => a.GetProperty("id").GetString()!);
    }

    /// <summary>An album's asset ids, sorted, through PiVault's own timeline API.</summary>
    private async Task<List<string>> AlbumAssetIdsAsync(string albumId)
    {
        using var client = server.Client(admin);
        var ids = new List<string>();
        foreach (var bucket in (await client.GetFromJsonAsync<JsonElement>($"/api/v1/timeline/buckets?albumId={albumId}")).EnumerateArray())
        {
            var assets = await client.GetFromJsonAsync<JsonElement>(
                $"/api/v1/timeline/bucket?albumId={albumId}&timeBucket={Uri.EscapeDataString(bucket.GetProperty("timeBucket").GetString()!)}");
            ids.AddRange(assets.EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
        }
        return [.. ids.Order()];
    }

    private async Task<long> AssetCountAsync()
    {
        using var client = server.Client(admin);
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/assets/statistics");
        return stats.GetProperty("total").GetInt64();
    }
}
