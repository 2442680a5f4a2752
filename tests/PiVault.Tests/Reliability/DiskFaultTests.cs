using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiVault.Server.Queue;
using PiVault.Tests.Immich;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Reliability;

/// <summary>
/// Real disk faults under a running server: the library on a tmpfs that fills up or turns read-only, on a bind mount
/// that is detached mid-upload, thumbnails on a read-only tmpfs. Clients get a clear 507/503, the health API names the
/// cause, nothing acknowledged is lost, jobs wait instead of failing, and all of it recovers without a restart.
/// </summary>
public sealed class DiskFaultTests : IAsyncLifetime
{
    private readonly string dataDir = TempDir.Create();
    private readonly List<string> mounts = [];
    private readonly List<string> scratch = [];
    private TestServer server = null!;
    private HttpClient admin = null!;

    private string LibraryDir => Path.Combine(dataDir, "library");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        admin?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        foreach (var dir in Enumerable.Reverse(mounts))
        {
            Mounts.Release(dir);
        }
        TempDir.Delete(dataDir);
        scratch.ForEach(TempDir.Delete);
    }

    [MountFact]
    public async Task A_full_library_disk_answers_507_names_the_cause_and_takes_uploads_again_once_there_is_room()
    {
        await StartOnTmpfsAsync("library", "2m");
        var kept = GeneratedJpeg.Make(1);
        var (status, keptId, _) = await admin.UploadAsync(kept, "kept.jpg");
        Assert.Equal(HttpStatusCode.Created, status);

        var big = GeneratedJpeg.Make(2, paddingBytes: 3_000_000);
        using (var form = Uploads.Form(big, "big.jpg"))
        {
            var detail = await (await admin.PostAsync("/api/v1/assets", form)).AssertProblemAsync((HttpStatusCode)507);
            Assert.Contains("the library disk is full", detail, StringComparison.OrdinalIgnoreCase);
        }
        using (var form = ImmichClient.MobileUpload(big, "big.jpg", "device-big"))
        {
            var message = await (await admin.PostAsync("/api/assets", form)).AssertImmichErrorAsync((HttpStatusCode)507);
            Assert.Contains("full", message, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.GetFiles(server.LibraryTempDir));
        Assert.Contains("Library disk is full", await WarningTitlesAsync());

        Mounts.Remount(LibraryDir, "size=16m"); // the household frees space (here: the disk grows)
        Assert.DoesNotContain("Library disk is full", await WarningTitlesAsync());
        Assert.Equal(HttpStatusCode.Created, (await admin.UploadAsync(big, "big.jpg")).Status);
        await AssertOriginalAsync(keptId, kept);
        Assert.Equal(2, server.LibraryFiles().Length);
    }

    [MountFact]
    public async Task A_read_only_library_answers_503_with_the_cause_and_recovers_when_writable_again()
    {
        await StartOnTmpfsAsync("library", "16m");
        var kept = GeneratedJpeg.Make(3);
        var keptId = (await admin.UploadAsync(kept, "kept.jpg")).Id;

        Mounts.Remount(LibraryDir, "ro");
        using (var form = Uploads.Form(GeneratedJpeg.Make(4), "refused.jpg"))
        {
            var response = await admin.PostAsync("/api/v1/assets", form);
            var detail = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("read-only", detail, StringComparison.Ordinal);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Contains("Library disk is read-only", await WarningTitlesAsync());
        await AssertOriginalAsync(keptId, kept); // reading still works

        Mounts.Remount(LibraryDir, "rw");
        Assert.DoesNotContain("Library disk is read-only", await WarningTitlesAsync());
        Assert.Equal(HttpStatusCode.Created, (await admin.UploadAsync(GeneratedJpeg.Make(4), "accepted.jpg")).Status);
        await AssertOriginalAsync(keptId, kept);
    }

    [MountFact]
    public async Task A_library_drive_vanishing_mid_upload_answers_503_loses_nothing_acknowledged_and_is_used_again_when_back()
    {
        // The "drive": a folder elsewhere, bind-mounted as the library; detaching it leaves the empty mount point behind.
        var drive = TempDir.Create();
        scratch.Add(drive);
        Directory.CreateDirectory(LibraryDir);
        Mounts.Bind(drive, LibraryDir);
        mounts.Add(LibraryDir);
        await StartAsync();
        var kept = GeneratedJpeg.Make(5);
        var keptId = (await admin.UploadAsync(kept, "kept.jpg")).Id;

        var photo = GeneratedJpeg.Make(6, paddingBytes: 1_000_000);
        var (response, finish) = StartSlowUpload(photo, "cut.jpg");
        await WaitForAsync(() => Directory.GetFiles(Path.Combine(drive, ".tmp")).Any(f => new FileInfo(f).Length > 0), "the upload to start writing");
        Mounts.Detach(LibraryDir);
        await finish();
        var detail = await (await response).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("missing", detail, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(LibraryDir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(LibraryDir, p))); // nothing written into the empty mount point
        Assert.Contains("Library disk is missing", await WarningTitlesAsync());
        using (var form = Uploads.Form(GeneratedJpeg.Make(7), "while-away.jpg"))
        {
            await (await admin.PostAsync("/api/v1/assets", form)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        }

        Mounts.Bind(drive, LibraryDir); // plugged back in
        Assert.DoesNotContain("Library disk is missing", await WarningTitlesAsync());
        Assert.Equal(HttpStatusCode.Created, (await admin.UploadAsync(photo, "cut.jpg")).Status);
        await AssertOriginalAsync(keptId, kept);
        Assert.Equal(2, server.LibraryFiles().Length);
    }

    [MountFact]
    public async Task Jobs_that_meet_a_read_only_disk_wait_without_using_up_their_attempts_and_finish_once_it_is_writable()
    {
        var thumbs = Path.Combine(dataDir, "thumbs");
        Directory.CreateDirectory(thumbs);
        Mounts.Tmpfs(thumbs, "16m");
        mounts.Add(thumbs);
        Mounts.Remount(thumbs, "ro");
        await StartAsync();
        var id = (await admin.UploadAsync(GeneratedJpeg.Make(8), "photo.jpg")).Id;

        // Postponed, not retried: pending again with the attempt given back, so however long the fault lasts it never fails.
        var job = await WaitForAsync(() => ThumbnailJob(id) is { Error: not null, State: "pending" } j ? j : null, "the thumbnail job to meet the read-only disk");
        Assert.Equal("pending", job.State);
        Assert.Equal(0, job.Attempts);
        Assert.Contains("read-only", job.Error, StringComparison.Ordinal);

        Mounts.Remount(thumbs, "rw");
        await WaitForAsync(async () => (await admin.GetAsync($"/api/v1/assets/{id}/thumbnail")).StatusCode == HttpStatusCode.OK ? "" : null,
            "the thumbnail once the disk is writable", TimeSpan.FromSeconds(90));
        Assert.Null(ThumbnailJob(id));
    }

    private async Task StartOnTmpfsAsync(string folder, string size)
    {
        var dir = Path.Combine(dataDir, folder);
        Directory.CreateDirectory(dir);
        Mounts.Tmpfs(dir, size);
        mounts.Add(dir);
        await StartAsync();
    }

    private async Task StartAsync()
    {
        server = await TestServer.StartAsync(dataDir: dataDir);
        admin = server.Client(await server.BootstrapAdminAsync());
    }

    private async Task<List<string>> WarningTitlesAsync()
    {
        var health = await admin.GetFromJsonAsync<JsonElement>("/api/v1/system/health");
        return health.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("title").GetString()!).ToList();
    }

    private async Task AssertOriginalAsync(string id, byte[] expected)
    {
        var bytes = await admin.GetByteArrayAsync($"/api/v1/assets/{id}/original");
        Assert.Equal(expected, bytes);
    }

    private sealed record JobRow(string State, long Attempts, string? Error);

    private JobRow? ThumbnailJob(string assetId)
    {
        using var db = new SqliteConnection($"Data Source={server.Options.DatabasePath};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT state, attempts, last_error FROM jobs WHERE asset_id = $asset AND kind = $kind;";
        command.Parameters.AddWithValue("$asset", assetId);
        command.Parameters.AddWithValue("$kind", JobKinds.Thumbnails);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new JobRow(reader.GetString(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2)) : null;
    }

    /// <summary>An upload whose body arrives in two halves: the second only when the test calls the returned function.</summary>
    private (Task<HttpResponseMessage> Response, Func<Task> Finish) StartSlowUpload(byte[] photo, string fileName)
    {
        var boundary = "slow-" + Guid.NewGuid().ToString("N");
        var head = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: image/jpeg\r\n\r\n");
        var tail = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        var pipe = new Pipe();
        var content = new StreamContent(pipe.Reader.AsStream());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        content.Headers.ContentLength = head.Length + photo.Length + tail.Length;
        var response = admin.PostAsync("/api/v1/assets", content);
        var half = photo.Length / 2;
        var first = Task.Run(async () =>
        {
            await pipe.Writer.WriteAsync(head);
            await pipe.Writer.WriteAsync(photo.AsMemory(0, half));
        });
        return (response, async () =>
        {
            await first;
            await pipe.Writer.WriteAsync(photo.AsMemory(half));
            await pipe.Writer.WriteAsync(tail);
            await pipe.Writer.CompleteAsync();
        });
    }

    private static Task<T> WaitForAsync<T>(Func<T?> probe, string what, TimeSpan? timeout = null)
        where T : class => WaitForAsync(() => Task.FromResult(probe()), what, timeout);

    private static Task<string> WaitForAsync(Func<bool> probe, string what) => WaitForAsync(() => probe() ? "" : null, what);

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"waited in vain for {what}");
            await Task.Delay(100);
        }
    }
}
