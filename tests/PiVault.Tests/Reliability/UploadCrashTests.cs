using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using PiVault.Server.Data;
using PiVault.Tests.Immich;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Reliability;

/// <summary>
/// The real server killed with SIGKILL between an upload's arrival and its acknowledgement, through both upload APIs:
/// nothing unacknowledged stays in the library after the next start, and nothing acknowledged is lost. The test holds
/// SQLite's write lock to stop the server at an exact step (a real lock, as a long write elsewhere would hold it).
/// </summary>
public sealed class UploadCrashTests
{
    public static TheoryData<string> Apis => new() { "pivault", "immich" };

    /// <summary>
    /// The original defect: the original was renamed into the library before its row committed, so a kill there left an
    /// orphan that survived restarts. Now the path is journalled first, and that write is what waits for the lock.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apis))]
    public async Task A_kill_while_the_upload_waits_for_the_database_leaves_no_original_and_a_clean_check(string api)
    {
        var dataDir = TempDir.Create();
        try
        {
            var bytes = Uploads.RandomBytes(512 * 1024, 11);
            string token;
            await using (var server = await ServerProcess.StartAsync(dataDir))
            {
                token = await server.BootstrapAdminAsync();
                using var client = Client(server, token);
                using (var writer = WriteLock(dataDir))
                {
                    var upload = client.PostAsync(UploadPath(api), Form(api, bytes, "held.jpg", 1));
                    var tempDir = Path.Combine(dataDir, "library", ".tmp");
                    // The body has arrived whole (temp file complete); give the server time to reach the database and rename if it would.
                    await WaitUntilAsync(() => Directory.EnumerateFiles(tempDir).Any(f => new FileInfo(f).Length == bytes.Length));
                    await Task.Delay(1000);
                    Assert.False(upload.IsCompleted, "the upload should be waiting for the database");
                    Assert.Empty(LibraryOriginals(dataDir));
                    server.KillHard();
                    await Assert.ThrowsAnyAsync<HttpRequestException>(() => upload);
                }
            }
            Assert.Empty(LibraryOriginals(dataDir));

            await using (var second = await ServerProcess.StartAsync(dataDir))
            {
                Assert.Empty(Directory.EnumerateFiles(Path.Combine(dataDir, "library", ".tmp")));
                var (exitCode, report) = await ServerProcess.RunAsync("db", "check", "--data-dir", dataDir);
                Assert.True(exitCode == 0, report);
                using var client = Client(second, token);
                var again = await client.PostAsync(UploadPath(api), Form(api, bytes, "held.jpg", 1));
                Assert.Equal(HttpStatusCode.Created, again.StatusCode); // never acknowledged, so not a duplicate now
            }
        }
        finally
        {
            TempDir.Delete(dataDir);
        }
    }

    /// <summary>
    /// The narrow step the journal exists for: the original already renamed to its journalled path, its row not yet
    /// committed. Uploads are repeated until the test takes the write lock inside that step (it needs a few tries at
    /// most: the rename and its directory fsync take milliseconds); then SIGKILL, and the next start removes that
    /// file — while every upload acknowledged before it stays, with its bytes.
    /// </summary>
    [Theory]
    [MemberData(nameof(Apis))]
    public async Task A_kill_between_the_rename_and_the_row_is_repaired_at_start_up_and_keeps_every_acknowledged_upload(string api)
    {
        var dataDir = TempDir.Create();
        try
        {
            var acknowledged = new List<byte[]>();
            string? caught = null;
            string token;
            await using (var server = await ServerProcess.StartAsync(dataDir))
            {
                token = await server.BootstrapAdminAsync();
                using var client = Client(server, token);
                for (var attempt = 0; attempt < 40 && caught is null; attempt++)
                {
                    var bytes = Uploads.RandomBytes(64 * 1024, 100 + attempt);
                    var upload = client.PostAsync(UploadPath(api), Form(api, bytes, $"p{attempt}.jpg", attempt));
                    caught = await TryHoldInsideRenameAsync(dataDir, upload, server);
                    if (caught is null)
                    {
                        var response = await upload;
                        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                        acknowledged.Add(bytes);
                    }
                }
                Assert.True(caught is not null, "the write lock was never taken between the journal entry and the row in 40 uploads");
            }
            Assert.Contains(caught, LibraryOriginals(dataDir)); // the crash left the renamed, unacknowledged original

            var (beforeCode, beforeReport) = await ServerProcess.RunAsync("db", "check", "--data-dir", dataDir);
            Assert.Equal(1, beforeCode);
            Assert.Contains($"interrupted upload: {caught} was never acknowledged", beforeReport, StringComparison.Ordinal);

            await using (var second = await ServerProcess.StartAsync(dataDir))
            {
                Assert.Contains($"Removed {caught}", second.Output, StringComparison.Ordinal);
                using var client = Client(second, token);
                foreach (var bytes in acknowledged)
                {
                    var found = await client.PostAsync(UploadPath(api), Form(api, bytes, "again.jpg", 999));
                    Assert.Equal(HttpStatusCode.OK, found.StatusCode); // a duplicate: the acknowledged asset is there
                }
            }
            Assert.DoesNotContain(caught, LibraryOriginals(dataDir));
            Assert.Equal(acknowledged.Count, LibraryOriginals(dataDir).Count);
            var stored = LibraryOriginals(dataDir).Select(p => Convert.ToHexString(File.ReadAllBytes(Path.Combine(dataDir, "library", p)))).ToHashSet();
            Assert.All(acknowledged, bytes => Assert.Contains(Convert.ToHexString(bytes), stored));
            var (exitCode, report) = await ServerProcess.RunAsync("db", "check", "--verify", "--data-dir", dataDir);
            Assert.True(exitCode == 0, report);
        }
        finally
        {
            TempDir.Delete(dataDir);
        }
    }

    /// <summary>
    /// Watches the journal while the upload runs; once an entry appears, takes the write lock. When the entry is still
    /// there under the lock, the server is stuck before its row: kill it there and return the journalled path.
    /// </summary>
    private static async Task<string?> TryHoldInsideRenameAsync(string dataDir, Task<HttpResponseMessage> upload, ServerProcess server)
    {
        using var reader = ServerProcess.OpenDatabase(dataDir);
        while (!upload.IsCompleted)
        {
            if (reader.Scalar<string>("SELECT original_path FROM upload_journal LIMIT 1;") is not null)
            {
                using var writer = WriteLock(dataDir);
                if (writer.Scalar<string>("SELECT original_path FROM upload_journal LIMIT 1;") is { } path
                    && File.Exists(Path.Combine(dataDir, "library", path)))
                {
                    server.KillHard();
                    await Assert.ThrowsAnyAsync<HttpRequestException>(() => upload);
                    return path;
                }
                return null;
            }
        }
        return null;
    }


    /// <summary>An open connection holding SQLite's write lock until disposed (the transaction is rolled back).</summary>
    private static SqliteConnection WriteLock(string dataDir)
    {
        var connection = ServerProcess.OpenDatabase(dataDir);
        connection.Execute("BEGIN IMMEDIATE;");
        return connection;
    }

    private static HttpClient Client(ServerProcess server, string token)
    {
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string UploadPath(string api) => api == "immich" ? "/api/assets" : "/api/v1/assets";

    private static MultipartFormDataContent Form(string api, byte[] bytes, string name, int seed) =>
        api == "immich" ? ImmichClient.MobileUpload(bytes, name, $"local-{seed}") : Uploads.Form(bytes, name);

    private static List<string> LibraryOriginals(string dataDir)
    {
        var library = Path.Combine(dataDir, "library");
        return Directory.Exists(library)
            ? Directory.EnumerateFiles(library, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(library, p))
                .Where(p => !p.StartsWith(".tmp", StringComparison.Ordinal))
                .ToList()
            : [];
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 20 s");
            await Task.Delay(20);
        }
    }
}
