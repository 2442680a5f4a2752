using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Health;
using PiVault.Server.Hosting;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Pipeline;

/// <summary>The table of job steps: the production one is complete and runs, and a table PiVault cannot run stops the boot.</summary>
public sealed class JobStepsTests
{
    [Fact]
    public async Task The_production_table_has_a_handler_for_every_kind_and_its_sql_runs()
    {
        await using var tier = new ServiceTier();
        var pipeline = tier.Get<JobPipeline>();

        Assert.Same(JobSteps.Production, pipeline.Steps);
        Assert.Empty(JobSteps.Production.Problems());
        Assert.Equal([JobKinds.Metadata, JobKinds.Thumbnails, JobKinds.VideoPlayback, JobKinds.TierCold, JobKinds.Ocr, JobKinds.SmartSearch, JobKinds.Faces, JobKinds.Duplicates, JobKinds.People], JobSteps.Production.All.Select(s => s.Kind));
        Assert.All(JobSteps.Production.All, s => Assert.NotNull(pipeline.HandlerFor(s.Kind)));
        Assert.Equal([JobKinds.Metadata], JobSteps.Production.StartSteps.Select(s => s.Kind));
        // Each row's conditions are real SQL on the real schema: the admin counts run them for every queue.
        Assert.All(tier.Get<JobAdminService>().Status(), q => Assert.Equal((0, 0), (q.Missing, q.Eligible)));
    }

    [Theory]
    [InlineData(1, 1, 1, 1, 1)]
    [InlineData(2, 1, 2, 1, 1)]
    [InlineData(4, 2, 4, 1, 1)]
    public void An_idle_board_gives_the_thumbnail_backlog_every_core_with_one_libvips_thread_each(
        int cores, int metadata, int thumbnails, int video, int vipsThreads)
    {
        var workers = JobSteps.Production.WorkersPerQueue(cores);

        Assert.Equal((metadata, thumbnails, video), (workers[JobKinds.MetadataQueue], workers[JobKinds.ThumbnailQueue], workers[JobKinds.VideoQueue]));
        Assert.Equal(vipsThreads, JobSteps.Production.ThumbnailConcurrency(cores));
    }

    [Fact]
    public async Task A_step_without_its_handler_fails_start_up_naming_the_kind()
    {
        var table = new JobSteps(JobSteps.Production.All.Select(s => s.Kind == JobKinds.Thumbnails ? s with { Handler = null } : s).ToList());
        var options = new PiVaultOptions { Profile = RunProfile.Development, DataDir = MigratedTemplate.NewFolder(), Urls = "http://127.0.0.1:0" };
        MigratedTemplate.CopyTo(options.DatabasePath);
        try
        {
            await using var app = ServerApp.Build(options, overrides: services =>
            {
                services.RemoveAll<ILoggerProvider>();
                services.AddSingleton(table);
            });

            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync());

            Assert.Equal($"The job step table cannot run: No handler for job kinds: {JobKinds.Thumbnails}.", e.Message);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempDir.Delete(options.DataDir);
        }
    }

    [Fact]
    public void A_follow_up_that_is_no_step_and_a_queue_with_two_loads_are_problems()
    {
        var metadata = JobSteps.Production.Of(JobKinds.Metadata);
        var table = new JobSteps(
        [
            metadata with { FollowUps = ["asset.nothing"] },
            metadata with { Kind = "asset.other", Load = QueueLoad.Heavy, FollowUps = [] },
        ]);

        Assert.Equal(
        [
            $"{JobKinds.Metadata} is followed by unknown kind asset.nothing.",
            $"Queue {JobKinds.MetadataQueue} mixes loads (Light, Heavy): the governor throttles a queue as one.",
        ], table.Problems());
        Assert.Throws<InvalidOperationException>(() => new JobPipeline(table, new ServiceCollection().BuildServiceProvider()));
    }
}
