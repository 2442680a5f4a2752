using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Endpoints;

public sealed class JobAdminTests
{
    [Fact]
    public async Task The_admin_sees_every_queue_and_can_pause_and_resume_one()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);

        var queues = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        Assert.Equal(["metadata", "thumbnails", "video", "storage", "ocr", "smart-search", "faces", "duplicates", "people"], queues.EnumerateArray().Select(q => q.GetProperty("queue").GetString()!).ToArray());

        var paused = await (await client.PostAsync("/api/v1/admin/jobs/thumbnails/pause", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal(0, paused.GetProperty("allowedWorkers").GetInt32());
        var resumed = await (await client.PostAsync("/api/v1/admin/jobs/thumbnails/resume", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(resumed.GetProperty("paused").GetBoolean());

        await (await client.PostAsync("/api/v1/admin/jobs/teleport/pause", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Queue_missing_queues_work_for_assets_lacking_output_and_reports_progress()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        await UploadThreeWithThumbnailsPausedAsync(client);

        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails");
        Assert.Equal((3, 3), (status.GetProperty("missing").GetInt64(), status.GetProperty("eligible").GetInt64()));
        var queued = await (await client.PostAsync("/api/v1/admin/jobs/thumbnails/queue-missing", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(queued.GetProperty("affected").GetInt64(), 0, 3); // the chain may have queued some already
        var after = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails");
        Assert.Equal(3, after.GetProperty("pending").GetInt64()); // paused: every missing asset has exactly one job waiting
        var again = await (await client.PostAsync("/api/v1/admin/jobs/thumbnails/queue-missing", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("affected").GetInt64()); // identical pending jobs are not doubled
    }

    [Fact]
    public async Task Queue_all_queues_every_eligible_asset_again_once()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        using var client = server.Client(admin);
        await UploadThreeWithThumbnailsPausedAsync(client);

        var queued = await (await client.PostAsync("/api/v1/admin/jobs/thumbnails/queue-all", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(queued.GetProperty("affected").GetInt64(), 0, 3); // the chain may have queued some already
        var status = await client.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs/thumbnails");
        Assert.Equal((3, 3), (status.GetProperty("pending").GetInt64(), status.GetProperty("eligible").GetInt64()));
        var again = await (await client.PostAsync("/api/v1/admin/jobs/thumbnails/queue-all", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("affected").GetInt64()); // identical pending jobs are not doubled
        await (await client.PostAsync("/api/v1/admin/jobs/teleport/queue-all", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Members_and_their_keys_cannot_see_or_steer_the_queues()
    {
        await using var server = await TestServer.StartAsync();
        var admin = await server.BootstrapAdminAsync();
        var member = await server.CreateUserAsync(admin, "member@example.com");
        using var client = server.Client(member);
        await (await client.GetAsync("/api/v1/admin/jobs")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsync("/api/v1/admin/jobs/metadata/pause", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostAsync("/api/v1/admin/jobs/thumbnails/queue-all", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var key = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "x", permissions = new[] { "job.read" } });
        await key.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    /// <summary>Three photos whose thumbnail jobs wait: the queue is paused before they arrive.</summary>
    private static async Task UploadThreeWithThumbnailsPausedAsync(HttpClient client)
    {
        await client.PostAsync("/api/v1/admin/jobs/thumbnails/pause", null);
        for (var i = 0; i < 3; i++)
        {
            await client.UploadAsync(Uploads.RandomBytes(1000, i), $"{i}.jpg");
        }
    }
}
