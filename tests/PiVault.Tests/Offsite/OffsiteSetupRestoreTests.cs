using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PiVault.Server.Features.Offsite;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Offsite;

/// <summary>
/// The setup wizard's restore over HTTP: an old box backs up to a real S3 server (s3rver) through the real rclone; a fresh
/// box with no users restores from it through <c>POST /api/v1/offsite/restore</c>, stops with the restart code, and
/// its next start serves the restored library: the old admin logs in, the originals are the same bytes, the album is there.
/// </summary>
public sealed class OffsiteSetupRestoreTests
{
    private const string CryptPassword = "a long household passphrase";

    [Fact]
    public async Task A_fresh_instance_restores_from_the_off_site_copy_and_after_its_restart_serves_the_old_library()
    {
        using var s3 = new S3Server();
        var remote = Remote(s3);
        var originals = await BackUpAnOldBoxAsync(s3);

        // The fresh box: anyone may restore while it has no users. A wrong password fails and leaves it as it was.
        var dataDir = TempDir.Create();
        try
        {
            await using (var fresh = await TestServer.StartAsync(dataDir: dataDir))
            {
                using var anonymous = fresh.Client();
                var idle = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/offsite/restore");
                Assert.Equal("idle", idle.GetProperty("phase").GetString());
                await (await anonymous.PostAsJsonAsync("/api/v1/offsite/restore", Remote(s3, encryptionPassword: null)))
                    .AssertProblemAsync(HttpStatusCode.BadRequest);

                var wrong = await anonymous.PostAsJsonAsync("/api/v1/offsite/restore", Remote(s3, "not the household passphrase"));
                Assert.Equal(HttpStatusCode.Accepted, wrong.StatusCode);
                var failed = await WaitForAsync(anonymous, "failed");
                Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetString()));
                Assert.False(Directory.Exists(RestoreSwap.Root(dataDir)), "a failed restore leaves nothing behind");
                Assert.False(fresh.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

                // The right password: progress while it downloads, then it stops itself with the restart code.
                var phases = new List<string>();
                var started = await anonymous.PostAsJsonAsync("/api/v1/offsite/restore", remote);
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
                var done = await WaitForAsync(anonymous, "restarting", phases);
                Assert.Equal(2, done.GetProperty("originals").GetInt32());
                Assert.Contains(phases, p => p is "downloading" or "restoring");
                await WaitForStopAsync(fresh.Services.GetRequiredService<IHostApplicationLifetime>());
                Assert.Equal(OffsiteSetupRestore.RestartExitCode, fresh.Services.GetRequiredService<OffsiteSetupRestore>().ExitCode);
            }

            // Its next start (systemd's restart): the old library, the old admin, the album; the restore endpoints now refuse.
            await using var restored = await TestServer.StartAsync(dataDir: dataDir);
            Assert.False(Directory.Exists(RestoreSwap.Root(dataDir)));
            var login = await restored.LoginAsync(TestServer.AdminEmail);
            using var client2 = restored.Client(login);
            var after = OffsiteFixture.Originals(dataDir);
            Assert.Equal(originals.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
            Assert.All(originals, o => Assert.Equal(o.Value, after[o.Key]));
            var albums = await client2.GetFromJsonAsync<JsonElement>("/api/v1/albums");
            var album = Assert.Single(albums.EnumerateArray().ToList());
            Assert.Equal("Harbour walk", album.GetProperty("name").GetString());
            Assert.Equal(2, album.GetProperty("assetCount").GetInt32());
            // The remote goes on working: its credentials came along.
            Assert.True(File.Exists(Path.Combine(dataDir, "offsite", "rclone.conf")));
            using var anonymous2 = restored.Client();
            await (await anonymous2.GetAsync("/api/v1/offsite/restore")).AssertProblemAsync(HttpStatusCode.Conflict);
            await (await anonymous2.PostAsJsonAsync("/api/v1/offsite/restore", remote)).AssertProblemAsync(HttpStatusCode.Conflict);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempDir.Delete(dataDir);
        }
    }

    /// <summary>The remote as the admin's form and the wizard's restore send it: an encrypted S3 remote on <paramref name="s3"/>.</summary>
    internal static object Remote(S3Server s3, string? encryptionPassword = CryptPassword) => new
    {
        name = "cloud",
        kind = "s3",
        settings = new Dictionary<string, string> { ["endpoint"] = s3.Endpoint, ["access_key_id"] = S3Server.Key, ["bucket"] = S3Server.Bucket, ["path"] = "home" },
        secrets = new Dictionary<string, string> { ["secret_access_key"] = S3Server.Key },
        encrypt = true,
        encryptionPassword,
    };

    /// <summary>The old box: two photos in the album "Harbour walk", the remote, one good run; returns its originals (path → bytes).</summary>
    internal static async Task<Dictionary<string, byte[]>> BackUpAnOldBoxAsync(S3Server s3)
    {
        await using var old = await TestServer.StartAsync();
        var admin = await old.BootstrapAdminAsync();
        using var client = old.Client(admin);
        var first = await client.UploadAsync(GeneratedJpeg.Make(1), "first.jpg");
        var second = await client.UploadAsync(GeneratedJpeg.Make(2), "second.jpg");
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.Status, second.Status));
        var album = await client.PostAsJsonAsync("/api/v1/albums", new { name = "Harbour walk", assetIds = new[] { first.Id, second.Id } });
        Assert.Equal(HttpStatusCode.Created, album.StatusCode);
        (await client.PutAsJsonAsync("/api/v1/admin/settings", new { completeSetup = true })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/offsite/remotes", Remote(s3))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/offsite/remotes/cloud/run", null)).StatusCode);
        await old.Services.GetRequiredService<OffsiteScheduler>().Running!;
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/offsite");
        Assert.Equal("succeeded", status.GetProperty("remotes")[0].GetProperty("lastRun").GetProperty("outcome").GetString());
        var originals = OffsiteFixture.Originals(old.Options.DataDir);
        Assert.Equal(2, originals.Count);
        return originals;
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, string phase, List<string>? seen = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/offsite/restore");
            var now = status.GetProperty("phase").GetString()!;
            seen?.Add(now);
            if (now == phase || now == "failed")
            {
                Assert.True(now == phase, $"the restore ended {now}: {status}");
                return status;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the restore did not reach {phase}");
    }

    internal static async Task WaitForStopAsync(IHostApplicationLifetime lifetime)
    {
        var stopping = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
