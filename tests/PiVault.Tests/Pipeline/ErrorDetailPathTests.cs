using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Pipeline;

/// <summary>
/// Failed thumbnail and video jobs keep libvips' and ffmpeg's messages, and a thumbnail request shows them to the user:
/// no answer may name a server folder (the data folder, the library, temp). Scans every error body of every file
/// endpoint of both APIs and of a share link for the corrupt corpus files.
/// </summary>
public sealed class ErrorDetailPathTests
{
    private static readonly string[] Corrupt =
    [
        "derived-corrupt/jpeg-header-only-4k.jpg", "derived-corrupt/mp4-truncated-33pct.mp4", "derived-corrupt/heic-truncated-30pct.heic",
        "derived-corrupt/png-bad-crc.png", "derived-corrupt/jpeg-truncated-50pct.jpg", "derived-corrupt/jpeg-bitflips.jpg",
    ];

    [Fact]
    public async Task No_error_body_for_a_failing_thumbnail_or_video_names_a_server_path()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var ids = new List<string>();
        foreach (var file in Corrupt)
        {
            var (status, id, body) = await client.UploadAsync(await File.ReadAllBytesAsync(Uploads.CorpusFile(file)), Path.GetFileName(file));
            Assert.True(status == HttpStatusCode.Created, body);
            ids.Add(id);
        }
        await Pipeline.WaitUntilIdleAsync(client, TimeSpan.FromMinutes(3));
        var link = await (await client.PostAsJsonAsync("/api/v1/shared-links", new { type = "individual", assetIds = ids })).Content.ReadFromJsonAsync<JsonElement>();
        var key = link.GetProperty("key").GetString();

        var failed = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails/failed");
        Assert.True(failed.GetArrayLength() > 0, "the corpus files should fail their thumbnails");
        var bodies = new List<string>();
        foreach (var id in ids)
        {
            foreach (var path in new[]
            {
                $"/api/v1/assets/{id}/thumbnail", $"/api/v1/assets/{id}/thumbnail?size=preview", $"/api/v1/assets/{id}/playback",
                $"/api/assets/{id}/thumbnail", $"/api/assets/{id}/thumbnail?size=fullsize", $"/api/assets/{id}/video/playback",
                $"/api/v1/shared/{key}/assets/{id}/thumbnail", $"/api/v1/shared/{key}/assets/{id}/playback",
            })
            {
                var response = await client.GetAsync(path);
                if (!response.IsSuccessStatusCode)
                {
                    bodies.Add($"{path}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.Contains(bodies, b => b.Contains("No thumbnail can be made for this file", StringComparison.Ordinal));
        var folders = new[] { server.Options.DataDir, server.Options.LibraryDir, Path.GetTempPath().TrimEnd('/'), "/library/", "/thumbs/" };
        foreach (var body in bodies)
        {
            Assert.DoesNotContain(folders, folder => body.Contains(folder, StringComparison.Ordinal));
        }
        // The admin's failed-job list keeps the whole message for diagnosis.
        Assert.All(failed.EnumerateArray(), f => Assert.False(string.IsNullOrEmpty(f.GetProperty("error").GetString())));
    }
}
