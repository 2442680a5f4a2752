using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PiVault.Server.Features.Offsite;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Offsite;

namespace PiVault.Tests.Endpoints;

/// <summary>/api/v1/offsite over HTTP: a remote added with credentials never gives them back, only masks; bad input is a 400.</summary>
public sealed class OffsiteEndpointTests
{
    private const string Secret = "s3cr3t-Value-that-must-never-come-back";
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_remote_keeps_its_credentials_in_a_private_file_and_the_api_shows_only_masks()
    {
        using var s3 = new S3Server(anySecret: true);
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        var request = new
        {
            name = "cloud",
            kind = "s3",
            settings = new Dictionary<string, string> { ["endpoint"] = s3.Endpoint, ["access_key_id"] = S3Server.Key, ["bucket"] = S3Server.Bucket, ["path"] = "home" },
            secrets = new Dictionary<string, string> { ["secret_access_key"] = Secret },
            encrypt = true,
            encryptionPassword = Password,
            intervalHours = 168,
            bandwidthLimit = "4M",
        };

        var created = await client.PostAsJsonAsync("/api/v1/offsite/remotes", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, createdText, StringComparison.Ordinal);
        var body = JsonDocument.Parse(createdText).RootElement;
        Assert.Equal(Password, body.GetProperty("encryptionPassword").GetString()); // this once
        Assert.Equal(OffsiteRemotes.Mask, body.GetProperty("remote").GetProperty("secrets").GetProperty("secret_access_key").GetString());
        Assert.Equal(S3Server.Key, body.GetProperty("remote").GetProperty("settings").GetProperty("access_key_id").GetString());

        // The file: the service user's alone, the secret in it, the crypt password only obscured.
        var config = Path.Combine(server.Options.DataDir, "offsite", "rclone.conf");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(config));
        var text = await File.ReadAllTextAsync(config);
        Assert.Contains(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);

        foreach (var path in new[] { "/api/v1/offsite", "/api/v1/offsite/remotes/cloud" })
        {
            var shown = await client.GetStringAsync(path);
            Assert.DoesNotContain(Secret, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, shown, StringComparison.Ordinal);
            Assert.Contains(OffsiteRemotes.Mask, shown, StringComparison.Ordinal);
        }
        await (await client.PostAsJsonAsync("/api/v1/offsite/remotes", request)).AssertProblemAsync(HttpStatusCode.Conflict);

        // Back up now: the run goes through with the stored credentials, and its outcome shows on the status.
        var run = await client.PostAsync("/api/v1/offsite/remotes/cloud/run", null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        await server.Services.GetRequiredService<OffsiteScheduler>().Running!;
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/offsite");
        var remote = Assert.Single(status.GetProperty("remotes").EnumerateArray().ToList());
        Assert.Equal("succeeded", remote.GetProperty("lastRun").GetProperty("outcome").GetString());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("newestGoodCopyAt").ValueKind);
        Assert.NotEmpty(s3.Keys());

        // Changing the schedule in place over HTTP: the answer shows it, still without the secret; a bad value is a 400.
        var patched = await client.PatchAsJsonAsync("/api/v1/offsite/remotes/cloud", new { intervalHours = 24, window = "23:00-05:00", bandwidthLimit = "" });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var patchedText = await patched.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, patchedText, StringComparison.Ordinal);
        var patchedBody = JsonDocument.Parse(patchedText).RootElement;
        Assert.Equal((24, "23:00-05:00", JsonValueKind.Null), (patchedBody.GetProperty("intervalHours").GetInt32(),
            patchedBody.GetProperty("window").GetString(), patchedBody.GetProperty("bandwidthLimit").ValueKind));
        await (await client.PatchAsJsonAsync("/api/v1/offsite/remotes/cloud", new { window = "later" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("23:00-05:00", (await client.GetFromJsonAsync<JsonElement>("/api/v1/offsite/remotes/cloud")).GetProperty("window").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/v1/offsite/remotes/cloud")).StatusCode);
        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(config), StringComparison.Ordinal);
        await (await client.GetAsync("/api/v1/offsite/remotes/cloud")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name":"Bad Name","kind":"s3"}""", "name")]
    [InlineData("""{"name":"x","kind":"s3","settings":{"access_key_id":"a","bucket":"b"}}""", "secrets.secret_access_key is required")]
    [InlineData("""{"name":"x","kind":"s3","settings":{"access_key_id":"a","bucket":"b","endpoint":"http://h\n[evil]"},"secrets":{"secret_access_key":"s"}}""", "one line")]
    [InlineData("""{"name":"x","kind":"s3","settings":{"access_key_id":"a","bucket":"b","upload_cutoff":"1"},"secrets":{"secret_access_key":"s"}}""", "not an option")]
    [InlineData("""{"name":"x","kind":"sftp","settings":{"host":"h","user":"u"}}""", "pass or key_pem")]
    [InlineData("""{"name":"x","kind":"webdav","settings":{"url":"https://dav"},"window":"25:00-02:00"}""", "window")]
    public async Task Bad_remotes_are_refused_with_a_sentence_and_nothing_is_written(string json, string says)
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client(await server.BootstrapAdminAsync());
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var problem = await (await client.PostAsync("/api/v1/offsite/remotes", content)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(says, problem, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.Options.DataDir, "offsite", "rclone.conf")));
    }
}
